import { toStorableText } from './toStorableText.js';

/**
 * A JSON-like value with every string (object keys included) made storable by
 * {@link toStorableText}, for `jsonb` documents assembled from text the coordinator did not choose.
 *
 * @param value - plain data: strings, numbers, booleans, null, arrays and plain objects.
 * @returns a copy; storable values come back equal.
 * @example
 * toStorableJson({ prompt: [{ content: 'sea\u0000' }] }); // { prompt: [{ content: 'sea\ufffd' }] }
 */
export function toStorableJson<T>(value: T): T {
  if (typeof value === 'string') return toStorableText(value) as T;
  if (Array.isArray(value)) return value.map((item) => toStorableJson(item)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [toStorableText(key), toStorableJson(item)]),
    ) as T;
  }
  return value;
}
