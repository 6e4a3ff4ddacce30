/**
 * Encodes a bus message as JSON, writing every bigint as its decimal string so wei amounts survive
 * the trip exactly (JSON.stringify alone throws on bigint).
 *
 * @param message - any JSON-compatible value, bigints allowed.
 * @returns the JSON text; `undefined` becomes `null`.
 * @example
 * encodeBusMessage({ amount: 10n ** 18n }) // '{"amount":"1000000000000000000"}'
 */
export function encodeBusMessage(message: unknown): string {
  return (
    JSON.stringify(message, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    ) ?? 'null'
  );
}

/**
 * Decodes a bus message. Bigints come back as decimal strings; the receiver's schema turns them
 * back into bigint.
 *
 * @param raw - JSON text from {@link encodeBusMessage}.
 * @returns the decoded value.
 */
export function decodeBusMessage(raw: string): unknown {
  return JSON.parse(raw) as unknown;
}
