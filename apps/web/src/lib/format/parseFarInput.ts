import { parseUnits } from 'viem';

/** Why a typed amount was refused; shown next to the input. */
export type FarInputProblem = 'empty' | 'not_a_number' | 'too_many_decimals' | 'not_positive';

/**
 * Parses what a person typed into an amount field into wei.
 * @param input - e.g. `"12.5"`
 * @returns `{ ok: true, wei }` or `{ ok: false, problem }`
 * @example parseFarInput('1.5') // { ok: true, wei: 1500000000000000000n }
 */
export function parseFarInput(
  input: string,
): { ok: true; wei: bigint } | { ok: false; problem: FarInputProblem } {
  const trimmed = input.trim().replace(/,/g, '');
  if (trimmed === '') return { ok: false, problem: 'empty' };
  if (!/^\d*\.?\d*$/.test(trimmed) || trimmed === '.') return { ok: false, problem: 'not_a_number' };
  const decimals = trimmed.split('.')[1] ?? '';
  if (decimals.length > 18) return { ok: false, problem: 'too_many_decimals' };
  const wei = parseUnits(trimmed, 18);
  if (wei <= 0n) return { ok: false, problem: 'not_positive' };
  return { ok: true, wei };
}
