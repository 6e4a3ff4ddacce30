import { readTokens } from './readTokens.js';
import type { CountingUpstream } from './startCountingUpstream.js';
import type { StreamCompletion } from './streamCompletion.js';

/** One request of the cancel part: how it was to end, and what the client received. */
export type CancelCase = {
  id: number;
  /** Read to the end; cancelled while the node holds its next token; or at a random moment. */
  mode: 'complete' | 'held' | 'random';
  maxTokens: number;
  /** The token count at which the client cancels. */
  cancelAt: number;
  received: number;
  taskId: string | undefined;
  error?: string;
};

const CANCEL_RATE = 15; // requests per second
const CANCEL_CONCURRENT = 32;

/**
 * Part 2: `total` streamed requests, paced below the API's per-address rate limit, of which about
 * half are cancelled by the client (HTTP abort): half of those at a point where the node holds its
 * next token (nothing in flight), half at a random moment while tokens flow.
 *
 * @param request - starts a streamed request.
 * @param upstream - the counting upstream; its cadence is set to 10 ms and told where to hold.
 * @param total - requests to send.
 * @returns every case and when the part started.
 * @example
 * const { cases } = await runCancels(request, upstream, 2000);
 */
export async function runCancels(
  request: StreamCompletion,
  upstream: CountingUpstream,
  total: number,
): Promise<{ cases: CancelCase[]; startedAt: number }> {
  const cases: CancelCase[] = [];
  upstream.tokenDelayMs = 10;
  const heldAt = new Map<number, number>();
  upstream.stallAfter = (s) => (s.requestId !== undefined ? heldAt.get(s.requestId) : undefined);
  const startedAt = performance.now();
  let next = 0;
  const runCase = async (): Promise<void> => {
    const index = next++;
    const due = startedAt + (index * 1000) / CANCEL_RATE;
    if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
    const c = drawCancelCase(1_000_000 + index);
    cases.push(c);
    if (c.mode === 'held') heldAt.set(c.id, c.cancelAt);
    await runCancelCase(request, c);
  };
  await Promise.all(
    Array.from({ length: CANCEL_CONCURRENT }, async () => {
      while (next < total) await runCase();
    }),
  );
  return { cases, startedAt };
}

/** A random case: its mode, length and the token at which it is cancelled. */
function drawCancelCase(id: number): CancelCase {
  const roll = Math.random();
  const maxTokens = 3 + Math.floor(Math.random() * 10);
  const mode: CancelCase['mode'] = roll < 0.5 ? 'complete' : roll < 0.75 ? 'held' : 'random';
  const cancelAt = 1 + Math.floor(Math.random() * (maxTokens - 1));
  return { id, mode, maxTokens, cancelAt, received: 0, taskId: undefined };
}

/** Sends the case's request and aborts it as its mode says, counting the tokens received. */
async function runCancelCase(request: StreamCompletion, c: CancelCase): Promise<void> {
  const controller = new AbortController();
  // A random cancel lands at a random time between two tokens of the 10 ms cadence.
  const cancelDelay = Math.random() * 10;
  try {
    const response = await request(c.id, c.maxTokens, controller.signal);
    if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
    await readTokens(response, () => {
      c.received += 1;
      if (c.mode === 'held' && c.received === c.cancelAt) controller.abort();
      if (c.mode === 'random' && c.received === c.cancelAt) setTimeout(() => controller.abort(), cancelDelay);
    }).then((r) => {
      c.taskId = r.taskId;
    });
  } catch (error) {
    if (!controller.signal.aborted) c.error = error instanceof Error ? error.message : String(error);
  }
}
