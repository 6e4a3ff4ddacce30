import { randomInt, randomUUID } from 'node:crypto';
import { isBillableTokenText, type TaskAssignMessage } from '@far/protocol';
import type { TaskHandle, TaskLink } from '../dispatch/dispatchTypes.js';

/** Tokens a probe asks for: enough to show real text, few enough that a slow node passes quickly. */
const PROBE_MAX_TOKENS = 4;

/**
 * Ordinary questions: a probe is a task like any other on the wire, so a node cannot tell it from
 * a paid one by its shape.
 */
const PROBE_PROMPTS = [
  'Tell me about the river.',
  'Describe the town in one sentence.',
  'What happened at the market today?',
  'Write a short line about the morning.',
  'Say something about the boats.',
] as const;

export type ProbeNodeModelParameters = {
  model: string;
  /** The whole probe, from assignment to `task.done`. */
  timeoutMs: number;
  /** Registers `handle` on the node's connection (the gateway's own `openTask`). */
  openTask(taskId: string, handle: TaskHandle): TaskLink | undefined;
};

export type ProbeNodeModelResult =
  | { ok: true; text: string; billableTokens: number }
  | { ok: false; reason: string };

/**
 * Sends a node one unpaid task for `model` and waits for it to answer with real text: at least one
 * billable token (`isBillableTokenText`), in order, then `task.done`, within `timeoutMs`. A node is
 * offered paid tasks for a model only once it has passed this on its connection; an answer of
 * empty or whitespace frames, a refusal, an error, a protocol violation, silence or a disconnect
 * fails it. The text itself is not judged (content checks and audits are issue 18).
 *
 * @param params - the model, the deadline, and the node's connection.
 * @returns what it answered, or why it failed; never rejects.
 * @example
 * const probe = await probeNodeModel({ model: 'far-demo', timeoutMs: 30_000, openTask: (id, h) => openLocalTask(nodeId, id, h) });
 * if (probe.ok) registry.setModels(nodeId, [{ id: 'far-demo' }]);
 */
export function probeNodeModel(params: ProbeNodeModelParameters): Promise<ProbeNodeModelResult> {
  const assign: TaskAssignMessage = {
    type: 'task.assign',
    taskId: randomUUID(),
    model: params.model,
    messages: [{ role: 'user', content: PROBE_PROMPTS[randomInt(PROBE_PROMPTS.length)] as string }],
    maxTokens: PROBE_MAX_TOKENS,
    temperature: 0.7,
  };
  return new Promise((resolve) => {
    let expectedSeq = 0;
    let billableTokens = 0;
    let text = '';
    let ended = false;
    let link: TaskLink | undefined;
    const end = (result: ProbeNodeModelResult): void => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      link?.close();
      resolve(result);
    };
    const timer = setTimeout(() => {
      link?.send({ type: 'task.cancel', taskId: assign.taskId });
      end({ ok: false, reason: `no complete answer within ${params.timeoutMs} ms` });
    }, params.timeoutMs);

    const handle: TaskHandle = {
      onNodeMessage(message) {
        if (ended) return undefined;
        switch (message.type) {
          case 'task.accepted':
            return undefined;
          case 'task.token': {
            if (message.seq !== expectedSeq || message.seq >= assign.maxTokens) {
              const violation = `probe ${assign.taskId}: token seq ${message.seq}, expected ${expectedSeq} (maxTokens ${assign.maxTokens})`;
              end({ ok: false, reason: violation });
              return violation;
            }
            expectedSeq += 1;
            text += message.text;
            if (isBillableTokenText(message.text)) billableTokens += 1;
            return undefined;
          }
          case 'task.done':
            end(
              billableTokens > 0
                ? { ok: true, text, billableTokens }
                : { ok: false, reason: 'answered without any visible text' },
            );
            return undefined;
          case 'task.error':
            end({ ok: false, reason: `refused the task: ${message.code}: ${message.message}` });
            return undefined;
        }
      },
      nodeLost() {
        end({ ok: false, reason: 'disconnected during the probe' });
      },
    };
    link = params.openTask(assign.taskId, handle);
    if (!link) {
      end({ ok: false, reason: 'the connection is gone' });
      return;
    }
    link.send(assign);
  });
}
