/**
 * Shortens a 0x address for display.
 * @param address - a 0x-prefixed address
 * @returns e.g. `0x1234…abcd`
 */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}
