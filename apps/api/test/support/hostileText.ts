import fc from 'fast-check';

/** Text a client may send: everything, with NUL, unpaired surrogates and URL syntax made frequent. */
export const anyText = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfff',
    '\udf0a\udf0a',
    '\ud83c\udf0a',
    '%00',
    '%',
    '%zz',
    '../..',
    "'; drop table users; --",
    '\\',
    '"}',
    '\u202e\ufeff\uffff',
    ' ',
    '',
    '0',
    '-1',
    '1e309',
    '00000000-0000-0000-0000-000000000000',
    'x'.repeat(5000),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom('\u0000', '\ud800', '\udc00', 'a', '%', '/', '?', '#', '&', '=', '+'),
    maxLength: 12,
  }),
);

/** What a header can carry at all: printable Latin-1 (HTTP refuses NUL, CR and LF). */
export const headerText = fc.string({
  unit: fc
    .integer({ min: 0x20, max: 0xff })
    .filter((c) => c !== 0x7f)
    .map((c) => String.fromCharCode(c)),
  maxLength: 60,
});

/**
 * Percent-encodes what can be. An unpaired surrogate cannot: in a URL it goes raw (the URL parser
 * writes it as U+FFFD), in a header as the bytes UTF-8 would give it, which no decoder accepts.
 */
export function urlText(text: string, inHeader = false): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return inHeader ? '%ED%A0%80' : text;
  }
}

/** Every string position of a JSON value (values and keys), as paths to replace. */
export function stringPositions(
  value: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; key: boolean }[] {
  if (typeof value === 'string') return [{ path, key: false }];
  if (value === null || typeof value !== 'object') return [{ path, key: false }];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(Array.isArray(value) ? [] : [{ path: [...path, k], key: true }]),
    ...stringPositions(v, [...path, Array.isArray(value) ? Number(k) : k]),
  ]);
}

export function replaceAt(
  value: unknown,
  at: { path: (string | number)[]; key: boolean },
  text: string,
): unknown {
  const [head, ...rest] = at.path;
  if (head === undefined) return text;
  if (Array.isArray(value))
    return value.map((v, i) => (i === head ? replaceAt(v, { ...at, path: rest }, text) : v));
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]): [string, unknown] => {
    if (k !== head) return [k, v];
    if (rest.length === 0 && at.key) return [text, v];
    return [k, replaceAt(v, { ...at, path: rest }, text)];
  });
  return Object.fromEntries(entries);
}
