import { formatFar } from '../format/formatFar';

/**
 * A twin's creator fee as people read it: "free", or FAR per million tokens (on top of the base
 * model's price).
 * @param weiPerMillion - the fee in wei per million tokens
 * @returns e.g. "2 FAR / 1M tokens fee"
 */
export function formatTwinFee(weiPerMillion: bigint): string {
  return weiPerMillion === 0n ? 'no creator fee' : `${formatFar(weiPerMillion)} FAR / 1M tokens fee`;
}
