import { readTokens } from '../reliability/readTokens.js';
import type { StreamCompletion } from '../reliability/streamCompletion.js';

/** One request of the kill run: what the client received, and when. */
export type KillCase = {
  id: number;
  maxTokens: number;
  received: number;
  text: string;
  /** Every token arrived and the stream ended without an error. */
  finished: boolean;
  /** Milliseconds since the run started. */
  startedAt: number;
  endedAt: number;
  error?: string;
};

/**
 * Sends streamed completions (`Request r<id>. Count up from 0:`) at a fixed rate, reading each to
 * its end; after `killAfterSeconds` calls `kill()` (which SIGKILLs the API, starts it again and waits for its node; it resolves
 * whether the node reconnected by itself)
 * without pausing the load, and goes on until `afterRestartSeconds` after the API serves again.
 * Requests sent while the API is down fail, and count as refused when nothing was delivered.
 *
 * @param options.request - sends request `id`; `maxTokens` per request.
 * @returns every case, and when the kill was made and the API was back (ms since the start).
 * @example
 * const run = await runKillLoad({ request, rate: 10, killAfterSeconds: 8, afterRestartSeconds: 10, maxTokens: 60, kill: far.restartApi });
 */
export async function runKillLoad(options: {
  request: StreamCompletion;
  rate: number;
  killAfterSeconds: number;
  afterRestartSeconds: number;
  maxTokens: number;
  kill: () => Promise<boolean>;
}): Promise<{ cases: KillCase[]; killedAt: number; backAt: number; nodeRejoined: boolean }> {
  const start = performance.now();
  const since = () => performance.now() - start;
  let killedAt = Number.NaN;
  let backAt = Number.NaN;
  let restarted: Promise<void> | undefined;
  let nodeRejoined = false;
  const pending: Promise<KillCase>[] = [];
  const afterMs = options.afterRestartSeconds * 1000;
  for (let id = 0; Number.isNaN(backAt) || since() < backAt + afterMs; id++) {
    const wait = (id * 1000) / options.rate - since();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (!restarted && since() >= options.killAfterSeconds * 1000) {
      killedAt = since();
      restarted = options.kill().then((rejoined) => {
        nodeRejoined = rejoined;
        backAt = since();
      });
    }
    pending.push(runCase(options.request, id, options.maxTokens, since));
  }
  const cases = await Promise.all(pending);
  await restarted;
  return { cases, killedAt, backAt, nodeRejoined };
}

/** Sends request `id` and reads it to its end, recording what arrived. */
async function runCase(
  request: StreamCompletion,
  id: number,
  maxTokens: number,
  since: () => number,
): Promise<KillCase> {
  const c: KillCase = {
    id,
    maxTokens,
    received: 0,
    text: '',
    finished: false,
    startedAt: since(),
    endedAt: 0,
  };
  try {
    const response = await request(id, maxTokens, AbortSignal.timeout(60_000));
    if (!response.ok) throw new Error(`${response.status} ${(await response.text()).slice(0, 160)}`);
    await readTokens(response, (text) => {
      c.received++;
      c.text += text;
    });
    c.finished = c.received === maxTokens;
  } catch (error) {
    c.error = error instanceof Error ? error.message : String(error);
  }
  c.endedAt = since();
  return c;
}
