/** AdminPriceFeed's on-chain guards, as read from the feed (8-decimal answers, basis points). */
export type FeedGuards = { minAnswer: bigint; maxAnswer: bigint; maxDeviationBps: bigint };

/** What the price keeper does with one observation. */
export type PriceDecision =
  | { action: 'update'; reason: 'first' | 'deviation' | 'heartbeat' }
  | { action: 'skip' }
  | { action: 'refuse'; reason: 'out_of_bounds' | 'deviation_too_high' };

const BPS = 10_000n;
const abs = (value: bigint) => (value < 0n ? -value : value);

/**
 * The Chainlink keeper rule: publish when the observed price moved at least `deviationBps` from the
 * feed's last answer, or when the last answer is `heartbeatSeconds` old; otherwise wait. An observation
 * the feed would refuse (outside its bounds, or further from the last answer than its max deviation)
 * is refused here, without a transaction: the feed then ages, and the stale-feed alert calls an operator.
 * A price an operator set by hand (`manualHold`) stands until the heartbeat is due.
 *
 * @param input The observed price, the feed's last round (if any), now, the thresholds and the feed's guards.
 * @returns Update (and why), skip, or refuse (and why).
 * @example
 * decidePriceUpdate({ observed: 10_100_000n, last: { answer: 10_000_000n, updatedAt: 0n }, now: 60n,
 *   heartbeatSeconds: 1800n, deviationBps: 50n, guards }) // { action: 'update', reason: 'deviation' }
 */
export function decidePriceUpdate(input: {
  observed: bigint;
  last: { answer: bigint; updatedAt: bigint } | undefined;
  now: bigint;
  heartbeatSeconds: bigint;
  deviationBps: bigint;
  guards: FeedGuards;
  /** The last answer was set by someone else (an operator from the console), not by this keeper. */
  manualHold?: boolean;
}): PriceDecision {
  const { observed, last, guards } = input;
  if (observed < guards.minAnswer || observed > guards.maxAnswer)
    return { action: 'refuse', reason: 'out_of_bounds' };
  if (!last) return { action: 'update', reason: 'first' };
  const heartbeatDue = input.now - last.updatedAt >= input.heartbeatSeconds;
  if (input.manualHold && !heartbeatDue) return { action: 'skip' };
  const moved = abs(observed - last.answer) * BPS;
  const base = abs(last.answer);
  if (guards.maxDeviationBps !== 0n && base !== 0n && moved > base * guards.maxDeviationBps) {
    return { action: 'refuse', reason: 'deviation_too_high' };
  }
  if (base === 0n ? observed !== 0n : moved >= base * input.deviationBps && observed !== last.answer) {
    return { action: 'update', reason: 'deviation' };
  }
  if (heartbeatDue) return { action: 'update', reason: 'heartbeat' };
  return { action: 'skip' };
}
