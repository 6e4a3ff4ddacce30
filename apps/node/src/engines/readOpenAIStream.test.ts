import { describe, expect, it } from 'vitest';
import { type ReadOpenAIStreamOptions, readOpenAIStream } from './readOpenAIStream.js';

const bodyOf = (...events: unknown[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const event of events) {
        const data = typeof event === 'string' ? event : JSON.stringify(event);
        controller.enqueue(new TextEncoder().encode(`data: ${data}\n\n`));
      }
      controller.close();
    },
  });

function listeners(stopAt?: string) {
  const texts: string[] = [];
  const prompt: number[] = [];
  const options: ReadOpenAIStreamOptions = {
    chat: true,
    onText: (text) => {
      texts.push(text);
      return text === stopAt;
    },
    onPromptTokens: (count) => prompt.push(count),
  };
  return { texts, prompt, options };
}

const delta = (content: string, finish: string | null = null) => ({
  choices: [{ delta: { content }, finish_reason: finish }],
});

describe('readOpenAIStream', () => {
  it('passes each chunk text on, reads the usage, and ends at [DONE] with the finish reason', async () => {
    const { texts, prompt, options } = listeners();
    const end = await readOpenAIStream(
      bodyOf(
        delta(' The'),
        delta(''),
        delta(' river', 'length'),
        { choices: [], usage: { prompt_tokens: 4, completion_tokens: 2 } },
        '[DONE]',
      ),
      options,
    );
    expect(texts).toEqual([' The', ' river']);
    expect(prompt).toEqual([4]);
    expect(end).toEqual({ finishReason: 'length', sawDone: true });
  });

  it('stops reading when a stop sequence ended the answer', async () => {
    const { texts, options } = listeners(' river');
    expect(await readOpenAIStream(bodyOf(delta(' The'), delta(' river'), delta(' runs')), options)).toEqual({
      finishReason: 'stop',
      sawDone: false,
    });
    expect(texts).toEqual([' The', ' river']);
  });

  it('reads completion text, and has no finish reason for a cut stream', async () => {
    const { texts, options } = listeners();
    const end = await readOpenAIStream(bodyOf({ choices: [{ text: ' The' }] }), { ...options, chat: false });
    expect(texts).toEqual([' The']);
    expect(end).toEqual({ finishReason: undefined, sawDone: false });
  });

  it('turns an error event and a malformed chunk into engine errors', async () => {
    await expect(
      readOpenAIStream(bodyOf({ error: { message: 'out of memory' } }), listeners().options),
    ).rejects.toMatchObject({
      code: 'UPSTREAM_HTTP_ERROR',
      message: 'upstream error: out of memory',
    });
    await expect(readOpenAIStream(bodyOf('not json'), listeners().options)).rejects.toMatchObject({
      code: 'UPSTREAM_PROTOCOL_ERROR',
    });
    await expect(readOpenAIStream(bodyOf({ choices: 'x' }), listeners().options)).rejects.toMatchObject({
      code: 'UPSTREAM_PROTOCOL_ERROR',
    });
  });
});
