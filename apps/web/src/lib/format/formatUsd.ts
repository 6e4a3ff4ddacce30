/**
 * Formats US dollars; small per-request costs keep significant digits instead of showing $0.00.
 * @param usd - amount in dollars
 * @returns e.g. `$1,234.56` or `$0.000123`
 */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return '—';
  const abs = Math.abs(usd);
  // Below a millionth, digits would need exponent notation; say how small instead.
  if (abs > 0 && abs < 0.000001) return usd < 0 ? '> -$0.000001' : '< $0.000001';
  if (abs > 0 && abs < 0.01) return `$${usd.toPrecision(3)}`;
  return usd.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });
}
