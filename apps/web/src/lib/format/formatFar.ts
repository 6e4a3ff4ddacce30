import { formatUnits } from 'viem';

/**
 * Formats a FAR amount in wei for people: thousands separators, at most `fractionDigits` decimals,
 * never through `number` so large balances stay exact.
 * @param wei - amount in wei (18 decimals)
 * @param fractionDigits - decimals to keep (truncated, not rounded, so we never show more than owned)
 * @returns e.g. `1,234.5678`; an amount above zero but below the smallest shown digit reads
 * `<0.0001`, never `0`, so a small charge never looks like none
 * @example formatFar(1234567800000000000000n) // '1,234.5678'
 */
export function formatFar(wei: bigint, fractionDigits = 4): string {
  const negative = wei < 0n;
  const [whole = '0', fraction = ''] = formatUnits(negative ? -wei : wei, 18).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const kept = fraction.slice(0, fractionDigits).replace(/0+$/, '');
  if (wei !== 0n && whole === '0' && kept === '') {
    const smallest = fractionDigits > 0 ? `0.${'0'.repeat(fractionDigits - 1)}1` : '1';
    return `${negative ? '>-' : '<'}${smallest}`;
  }
  return `${negative ? '-' : ''}${grouped}${kept ? `.${kept}` : ''}`;
}
