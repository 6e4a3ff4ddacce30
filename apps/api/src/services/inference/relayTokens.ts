import type { DispatchResult, DispatchStream } from '../../dispatch/dispatchTypes.js';
import type { createTaskUpdatePublisher } from './createTaskUpdatePublisher.js';
import type { StartInferenceInput } from './StartInferenceInput.js';
import type { TaskState } from './TaskState.js';

/**
 * Passes the node's tokens to the client, in the batches they arrived in, while counting the
 * billable ones, then reports how the stream ended: its result, a failure, or a cancel (a client
 * that stops reading or aborts cancelled the task; it pays for what it received).
 */
export async function* relayTokens(
  stream: DispatchStream,
  state: TaskState,
  updates: ReturnType<typeof createTaskUpdatePublisher>,
  input: StartInferenceInput,
  onEnd: (result: DispatchResult | undefined, failure: unknown, cancelled: boolean) => void,
) {
  let failure: unknown;
  let completed = false;
  try {
    for await (const batch of stream) {
      state.firstTokenAt ??= Date.now();
      for (const token of batch) {
        // Whitespace-only and invisible tokens reach the client but are not billable.
        if (token.billable) state.delivered += 1;
        updates.push(token.text);
      }
      yield batch;
    }
    completed = true;
  } catch (error) {
    failure = error;
  } finally {
    const result = await stream.result.catch(() => undefined);
    if (result) state.nodeId = result.nodeId;
    const cancelled =
      (!completed && !failure) || Boolean(input.signal?.aborted) || result?.finishReason === 'cancelled';
    // The client of a response that is not streamed receives nothing from a task that did not complete.
    if (input.deliveredWhole && (failure || cancelled)) state.delivered = 0;
    onEnd(result, cancelled ? undefined : failure, cancelled);
  }
  if (failure) throw failure;
}
