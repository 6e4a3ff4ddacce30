import { describe, expect, it } from 'vitest';
import { BATCH_LIMITS } from './batchLimits.js';
import { parseBatchInput } from './parseBatchInput.js';

const chat = (customId: string, body: Record<string, unknown> = {}) =>
  JSON.stringify({
    custom_id: customId,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model: 'far-demo', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 8, ...body },
  });

describe('parseBatchInput', () => {
  it('reads every line of a valid file, with line numbers, skipping blank lines', () => {
    const parsed = parseBatchInput(`${chat('a')}\n\n${chat('b')}\n`);
    expect(parsed).toMatchObject({
      ok: true,
      url: '/v1/chat/completions',
      requests: [
        { line: 1, customId: 'a' },
        { line: 3, customId: 'b' },
      ],
    });
  });

  it('names the line and the field of each refused line', () => {
    const lines = [
      chat('ok'),
      '{not json',
      '[1]',
      JSON.stringify({ method: 'POST', url: '/v1/chat/completions', body: {} }),
      JSON.stringify({ custom_id: 'x', method: 'GET', url: '/v1/chat/completions', body: {} }),
      JSON.stringify({ custom_id: 'x', method: 'POST', url: '/v1/images', body: {} }),
      chat('ok'),
      chat('s', { stream: true }),
      chat('m', { messages: [] }),
      JSON.stringify({
        custom_id: 'e',
        method: 'POST',
        url: '/v1/embeddings',
        body: { model: 'far-demo', input: 'x' },
      }),
    ];
    const parsed = parseBatchInput(lines.join('\n'));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(parsed.errors[0]?.message).toBe('not valid JSON');
    expect(parsed.errors[2]?.message).toMatch(/^custom_id/);
    expect(parsed.errors[3]?.message).toMatch(/^method/);
    expect(parsed.errors[4]?.message).toMatch(/^url/);
    expect(parsed.errors[5]?.message).toMatch(/"ok" is used by an earlier line/);
    expect(parsed.errors[6]?.message).toMatch(/^body\.stream/);
    expect(parsed.errors[7]?.message).toMatch(/^body\.messages/);
    expect(parsed.errors[8]?.message).toMatch(/same endpoint/);
  });

  it('refuses an empty file and reports at most the first errors', () => {
    expect(parseBatchInput('\n')).toEqual({
      ok: false,
      errors: [{ line: 1, message: 'the file holds no request' }],
    });
    const bad = Array.from({ length: 100 }, () => 'x').join('\n');
    const parsed = parseBatchInput(bad);
    expect(parsed.ok ? 0 : parsed.errors.length).toBe(BATCH_LIMITS.maxReportedErrors);
  });
});
