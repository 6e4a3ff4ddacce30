/** What a running task has delivered so far, and on which node. */
export type TaskState = {
  delivered: number;
  nodeId: string;
  /** When the node took the task (unset until it is dispatched). */
  startedAt: Date | undefined;
  firstTokenAt: number | undefined;
};
