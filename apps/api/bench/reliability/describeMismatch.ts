/**
 * Where a stream's answer departs from the expected one, for the report.
 *
 * @param stream - what the client received: the text, one arrival time per token, the usage.
 * @param expected - the uninterrupted answer.
 * @returns a one-line description.
 * @example
 * describeMismatch({ text: ' 1 3', times: [0, 1], usage: 2 }, ' 1 2') // '2 tokens, usage 2, text departs at 3: …'
 */
export function describeMismatch(
  stream: { text: string; times: number[]; usage?: number | undefined },
  expected: string,
): string {
  let at = 0;
  while (at < stream.text.length && stream.text[at] === expected[at]) at++;
  const around = (text: string) => JSON.stringify(text.slice(Math.max(0, at - 12), at + 24));
  return (
    `${stream.times.length} tokens, usage ${stream.usage ?? 'none'}` +
    (at < Math.max(stream.text.length, expected.length)
      ? `, text departs at ${at}: ${around(stream.text)} vs expected ${around(expected)}`
      : ', text exact')
  );
}
