import { NODE_PROTOCOL_LIMITS, type NodeToServerMessage } from '@far/protocol';

/** Characters of token text held in one frame at most; well under the frame size limit even escaped. */
const MAX_BATCH_CHARACTERS = 64 * 1024;

export type TokenFrameBatcher = {
  /** Sends one token (the next `seq`): at once when nothing is held, else with the others of this turn. */
  push(text: string): void;
  /** Sends what is held now (before `task.done` / `task.error`). */
  flush(): void;
};

/**
 * Coalesces one task's tokens into frames (protocol 2). A token that finds nothing held goes out
 * at once as a `task.token` (the first token of a burst waits for nothing); the tokens that follow
 * in the same event-loop turn are held and go out together as one `task.tokens` on the next turn,
 * or as soon as `maxTokensPerFrame` tokens or 64 Ki characters are held. An engine that reads
 * many tokens from one socket chunk then costs one frame (one JSON encode, one WebSocket write,
 * one parse on the coordinator) instead of one per token. `seq` counts every token from 0 without
 * gaps, whichever frame carries it.
 *
 * @param taskId - the task the tokens belong to.
 * @param send - the connection's sender.
 * @returns push / flush.
 * @example
 * const frames = createTokenFrameBatcher('t1', send);
 * frames.push(' Hello');
 * frames.flush();
 */
export function createTokenFrameBatcher(
  taskId: string,
  send: (message: NodeToServerMessage) => void,
): TokenFrameBatcher {
  let next = 0;
  let held: string[] = [];
  let heldFrom = 0;
  let heldCharacters = 0;
  let turn: NodeJS.Immediate | undefined;

  const flush = (): void => {
    if (turn) clearImmediate(turn);
    turn = undefined;
    if (held.length === 0) return;
    const texts = held;
    held = [];
    heldCharacters = 0;
    if (texts.length === 1) send({ type: 'task.token', taskId, seq: heldFrom, text: texts[0] as string });
    else send({ type: 'task.tokens', taskId, seq: heldFrom, texts });
  };

  return {
    push(text) {
      const seq = next;
      next += 1;
      if (turn === undefined) {
        // Nothing sent this turn: this token goes now, and the turn starts collecting.
        send({ type: 'task.token', taskId, seq, text });
        turn = setImmediate(flush);
        return;
      }
      if (held.length === 0) heldFrom = seq;
      held.push(text);
      heldCharacters += text.length;
      if (held.length >= NODE_PROTOCOL_LIMITS.maxTokensPerFrame || heldCharacters >= MAX_BATCH_CHARACTERS) {
        flush();
        turn = setImmediate(flush);
      }
    },
    flush,
  };
}
