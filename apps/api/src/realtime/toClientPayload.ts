/** A value as it leaves the gateway: JSON-safe, with bigint wei as decimal strings. */
export type ClientPayload<T> = T extends bigint
  ? string
  : T extends Date
    ? string
    : T extends readonly (infer U)[]
      ? ClientPayload<U>[]
      : T extends object
        ? { [K in keyof T]: ClientPayload<T[K]> }
        : T;

/**
 * Converts a parsed message or row into what browsers receive: bigint → decimal string (JSON has
 * no bigint and a number would lose wei precision), Date → ISO string.
 *
 * @param value - any parsed payload.
 * @returns a structurally identical, JSON-safe copy.
 * @example
 * toClientPayload({ amountFarWei: 10n ** 18n }); // { amountFarWei: '1000000000000000000' }
 */
export function toClientPayload<T>(value: T): ClientPayload<T> {
  return encode(value) as ClientPayload<T>;
}

function encode(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(encode);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = encode(item);
    }
    return out;
  }
  return value;
}
