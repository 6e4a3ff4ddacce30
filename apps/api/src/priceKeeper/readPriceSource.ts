import { readFile } from 'node:fs/promises';
import { parseUnits } from 'viem';
import { z } from 'zod';

/** Where the price keeper reads FAR/USD: a JSON document over HTTP(S) or in a local file. */
export type PriceSource = { url: string } | { file: string };

const decimalUsd = z.union([z.number().positive().finite(), z.string().regex(/^\d+(\.\d+)?$/)]);

/**
 * Reads FAR/USD from `source`, a JSON document whose `field` (a dot path, e.g. `farUsd` or
 * `data.price`) holds the price in dollars (a number or a decimal string).
 *
 * @param source The URL or file.
 * @param field The dot path of the price in the document.
 * @returns The price with 8 decimals (Chainlink USD pairs' scale), rounded down past the 8th.
 * @throws Error when the source cannot be read or does not hold a positive price at `field`.
 * @example
 * await readPriceSource({ file: '.far/price-source.json' }, 'farUsd') // 10_000_000n for {"farUsd": "0.10"}
 */
export async function readPriceSource(source: PriceSource, field: string): Promise<bigint> {
  let text: string;
  if ('url' in source) {
    const response = await fetch(source.url, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`price source ${source.url} answered ${response.status}`);
    text = await response.text();
  } else {
    text = await readFile(source.file, 'utf8');
  }
  let value: unknown = JSON.parse(text);
  for (const key of field.split('.')) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  const parsed = decimalUsd.safeParse(value);
  if (!parsed.success) throw new Error(`price source has no positive price at "${field}"`);
  const [whole, fraction = ''] = String(parsed.data).split('.');
  return parseUnits(`${whole}.${fraction.slice(0, 8) || '0'}`, 8);
}
