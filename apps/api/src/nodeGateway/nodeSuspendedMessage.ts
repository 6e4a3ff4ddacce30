/**
 * What a suspended node is told, on a refused join (`is`) or when it is disconnected (`was`): who
 * suspended it, and for the audits what they found and that an operator can lift it.
 *
 * @param nodeId - the node's public id.
 * @param auditFindings - set when the audits suspended it; unset: an operator did.
 * @param when - `is` for a join refused, `was` for a live node disconnected.
 * @example
 * nodeSuspendedMessage('local-1', undefined, 'was') // 'node local-1 was suspended by an operator'
 */
export function nodeSuspendedMessage(
  nodeId: string,
  auditFindings: string | undefined,
  when: 'is' | 'was',
): string {
  return auditFindings === undefined
    ? `node ${nodeId} ${when} suspended by an operator`
    : `node ${nodeId} ${when} suspended by the audits: ${auditFindings}; an operator can lift it`;
}
