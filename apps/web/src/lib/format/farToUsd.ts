import { formatUnits } from 'viem';

/**
 * Values a FAR amount in dollars at a FAR/USD price; for display only, money stays in wei.
 * @param wei - FAR amount in wei
 * @param farUsdPrice - dollars per FAR as a decimal string, e.g. `"0.05"`
 * @returns dollars as a number
 */
export function farToUsd(wei: bigint, farUsdPrice: string): number {
  return Number(formatUnits(wei, 18)) * Number(farUsdPrice);
}
