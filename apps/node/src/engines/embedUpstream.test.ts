import { describe, expect, it } from 'vitest';
import { upstreamAnswer } from '../../test/support/upstreamAnswer.js';
import { createOpenAIEngine } from './createOpenAIEngine.js';
import { EngineError } from './engineError.js';
import type { UpstreamTransport } from './requestOverHttp.js';

/** An upstream transport answering `/v1/models` and `/v1/embeddings` with the given body. */
function upstream(embeddingsBody: unknown) {
  const requests: { url: string; body: unknown }[] = [];
  const transport: UpstreamTransport = async (url, init) => {
    requests.push({ url, body: init.body ? JSON.parse(init.body) : undefined });
    const body = url.endsWith('/v1/models') ? { object: 'list', data: [{ id: 'nomic' }] } : embeddingsBody;
    return upstreamAnswer(JSON.stringify(body));
  };
  return { transport, requests };
}

describe('the OpenAI engine with --embeddings', () => {
  it('announces embeddings and returns unit-length vectors in input order, whatever order the upstream sent', async () => {
    const { transport, requests } = upstream({
      data: [
        { index: 1, embedding: [0, 2] },
        { index: 0, embedding: [3, 4] },
      ],
      usage: { prompt_tokens: 9 },
    });
    const engine = createOpenAIEngine({
      upstream: 'http://up/v1',
      model: 'nomic',
      transport,
      embeddings: true,
    });
    expect(await engine.listModels()).toEqual([{ id: 'nomic', capabilities: ['chat', 'embeddings'] }]);
    const result = await engine.embed?.({ model: 'nomic', input: ['a', 'b'] });
    expect(result).toEqual({
      embeddings: [
        [0.6, 0.8],
        [0, 1],
      ],
      promptTokens: 9,
    });
    expect(requests.at(-1)).toEqual({
      url: 'http://up/v1/embeddings',
      body: { model: 'nomic', input: ['a', 'b'], encoding_format: 'float' },
    });
  });

  it('refuses an answer that is not one vector per input', async () => {
    const { transport } = upstream({ data: [{ index: 0, embedding: [1] }] });
    const engine = createOpenAIEngine({ upstream: 'http://up', model: 'nomic', transport, embeddings: true });
    await expect(engine.embed?.({ model: 'nomic', input: ['a', 'b'] })).rejects.toMatchObject({
      code: 'UPSTREAM_PROTOCOL_ERROR',
    });
    await expect(engine.embed?.({ model: 'other', input: ['a'] })).rejects.toBeInstanceOf(EngineError);
  });

  it('serves no embeddings without the flag', () => {
    const { transport } = upstream({});
    expect(createOpenAIEngine({ upstream: 'http://up', model: 'nomic', transport }).embed).toBeUndefined();
  });
});
