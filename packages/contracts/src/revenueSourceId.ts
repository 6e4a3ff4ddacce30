import { type Hex, hexToString, isHex, size, stringToHex } from 'viem';
import { ContractsError } from './errors/ContractsError';

/** Lowercase letters, digits and dashes, at most 32 bytes: what fits a readable bytes32. */
const SERVICE_ID = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * The `bytes32` a service's contracts notify FARStaking revenue under: its service id as left-aligned
 * ASCII, zero-padded. Readable in a block explorer and decodable without a registry, unlike a hash.
 *
 * @param serviceId - the service's id, e.g. `'inference'` (lowercase, digits and dashes, ≤ 32 chars).
 * @returns the revenue source id for `FARStaking.setRevenueSource` and `revenueBySource`.
 * @throws {ContractsError} INVALID_REVENUE_SOURCE for an id that is empty, too long or not lowercase ASCII.
 * @example
 * revenueSourceId('inference'); // '0x696e666572656e6365000000…'
 */
export function revenueSourceId(serviceId: string): Hex {
  if (!SERVICE_ID.test(serviceId)) {
    throw new ContractsError(
      'INVALID_REVENUE_SOURCE',
      `"${serviceId}" is not a service id (a-z, 0-9, -, ≤ 32)`,
    );
  }
  return stringToHex(serviceId, { size: 32 });
}

/**
 * The service id a revenue source id spells, the inverse of {@link revenueSourceId}: how a
 * `RevenueNotified` log is attributed to a service.
 *
 * @param sourceId - a `bytes32` from FARStaking.
 * @returns the service id, or undefined when the bytes are not a service id (a source registered by hand).
 * @example
 * serviceIdOfRevenueSource(revenueSourceId('inference')); // 'inference'
 */
export function serviceIdOfRevenueSource(sourceId: Hex): string | undefined {
  if (!isHex(sourceId) || size(sourceId) !== 32) return undefined;
  // With a size, viem drops the trailing zero bytes (not nibbles) before decoding.
  const text = hexToString(sourceId, { size: 32 });
  return SERVICE_ID.test(text) && revenueSourceId(text) === sourceId.toLowerCase() ? text : undefined;
}
