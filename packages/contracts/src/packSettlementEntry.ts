import { type Address, getAddress, isAddress } from 'viem';
import { ContractsError } from './errors/ContractsError.js';

const AMOUNT_BITS = 96n;
const AMOUNT_MASK = (1n << AMOUNT_BITS) - 1n;

/**
 * Packs one `settleBatch` debit or credit as the contract decodes it: `uint160(account) << 96 | amount`.
 * One 32-byte word per entry instead of two keeps batch calldata small.
 *
 * @param account User (debit) or node (credit) address.
 * @param amount FAR wei, 0 < amount < 2^96.
 * @returns The packed uint256.
 * @throws {ContractsError} INVALID_SETTLEMENT_ENTRY for a bad address or an amount out of range.
 * @example
 * packSettlementEntry('0x70997970C51812dc3A010C7d01b50e0d17dc79C8', 10n ** 18n)
 */
export function packSettlementEntry(account: Address, amount: bigint): bigint {
  if (!isAddress(account, { strict: false }))
    throw new ContractsError('INVALID_SETTLEMENT_ENTRY', `not an address: ${account}`);
  if (amount <= 0n || amount > AMOUNT_MASK) {
    throw new ContractsError('INVALID_SETTLEMENT_ENTRY', `amount must be in 1..2^96-1, got ${amount}`);
  }
  return (BigInt(account) << AMOUNT_BITS) | amount;
}

/**
 * Reverses `packSettlementEntry` (for indexers reading `BatchSettled`).
 *
 * @param entry A packed uint256.
 * @returns The checksummed address and the amount.
 */
export function unpackSettlementEntry(entry: bigint): { account: Address; amount: bigint } {
  const account = getAddress(`0x${(entry >> AMOUNT_BITS).toString(16).padStart(40, '0')}`);
  return { account, amount: entry & AMOUNT_MASK };
}
