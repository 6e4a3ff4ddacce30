import { BaseError } from '../errors/BaseError.js';

const BPS = 10_000n;

/** The feed's limits as the console read them (null: the deployed feed has none). */
export type PriceFeedLimits = {
  lastAnswer: bigint | null;
  minAnswer: bigint | null;
  maxAnswer: bigint | null;
  maxDeviationBps: bigint | null;
};

/**
 * Refuses a price the feed would refuse, before the price keeper sends it: outside
 * [`minAnswer`, `maxAnswer`], or further than `maxDeviationBps` from the last answer (the same rule
 * as AdminPriceFeed.setPrice, so the console explains the refusal instead of showing a revert).
 *
 * @throws BaseError `validation_failed` naming the bound or the deviation.
 * @example
 * checkPriceUpdate(12_000_000n, { lastAnswer: 10_000_000n, minAnswer: 1n, maxAnswer: 10n ** 10n, maxDeviationBps: 5000n })
 */
export function checkPriceUpdate(answer: bigint, limits: PriceFeedLimits): void {
  const refuse = (message: string) =>
    new BaseError('validation_failed', message, {
      details: { fields: [{ field: 'params.answer', message }] },
    });
  if (limits.minAnswer !== null && answer < limits.minAnswer)
    throw refuse(`below the feed's minimum ${limits.minAnswer}`);
  if (limits.maxAnswer !== null && answer > limits.maxAnswer)
    throw refuse(`above the feed's maximum ${limits.maxAnswer}`);
  const { lastAnswer, maxDeviationBps } = limits;
  if (lastAnswer !== null && lastAnswer > 0n && maxDeviationBps !== null && maxDeviationBps > 0n) {
    const moved = answer > lastAnswer ? answer - lastAnswer : lastAnswer - answer;
    if (moved * BPS > lastAnswer * maxDeviationBps) {
      throw refuse(`moves more than ${maxDeviationBps} bps from the last answer ${lastAnswer}`);
    }
  }
}
