import { inferencePaymentAbi } from '@far/contracts';

/** The contract's custom errors: public in its ABI, stable across releases, and free of data. */
const contractErrors: ReadonlySet<string> = new Set(
  inferencePaymentAbi.filter((item) => item.type === 'error').map((e) => e.name),
);

/**
 * What the public may read of a settlement batch's failure: the contract error it names, or
 * `settlement_failed`. The stored text can carry RPC URLs, node messages or wallet addresses;
 * operators read it in full.
 *
 * @param error - settlement_batches.error, as the batcher wrote it.
 * @returns null when there was no error, else a stable code.
 * @example
 * publicSettlementErrorCode('SpendingCapExceeded(0xabc…, 5, 3): user over cap'); // 'SpendingCapExceeded'
 */
export function publicSettlementErrorCode(error: string | null): string | null {
  if (error === null) return null;
  for (const word of error.match(/[A-Za-z][A-Za-z0-9]*/g) ?? []) {
    if (contractErrors.has(word)) return word;
  }
  return 'settlement_failed';
}
