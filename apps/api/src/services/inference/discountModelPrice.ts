import type { ModelSpec } from '../../models/ModelSpec.js';

const BPS = 10_000n;

/** `usd` (an exact decimal string) times (1 − `discountBps` / 10 000), exact with four more decimals. */
function discountUsd(usd: string, discountBps: number): string {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(usd);
  if (!match) throw new Error(`not a decimal price: ${usd}`);
  const fraction = match[2] ?? '';
  const scaled = BigInt(`${match[1]}${fraction}`) * (BPS - BigInt(discountBps));
  const decimals = fraction.length + 4;
  const digits = scaled.toString().padStart(decimals + 1, '0');
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/**
 * The model as sold at a discount: its input and output USD list prices times
 * (1 − `discountBps` / 10 000), kept exact as decimal strings, so every price derived from it (the
 * FAR charge, the node's share, the USD shown) is the discounted one.
 *
 * @param model - the catalogued model.
 * @param discountBps - 0 (list price) to 10 000 (free).
 * @returns `model` itself when there is no discount, else a copy with the lower prices.
 * @example
 * discountModelPrice(farDemo, 5_000).inputPriceUsdPer1M // '0.250000' (list '0.50')
 */
export function discountModelPrice(model: ModelSpec, discountBps: number): ModelSpec {
  if (!Number.isInteger(discountBps) || discountBps < 0 || discountBps > 10_000) {
    throw new RangeError(`discount must be 0..10000 basis points, got ${discountBps}`);
  }
  if (discountBps === 0) return model;
  return {
    ...model,
    inputPriceUsdPer1M: discountUsd(model.inputPriceUsdPer1M, discountBps),
    outputPriceUsdPer1M: discountUsd(model.outputPriceUsdPer1M, discountBps),
  };
}
