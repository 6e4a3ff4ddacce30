import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoModel } from '../src/demoModel/buildDemoModel.js';
import { ensureDemoModel } from '../src/demoModel/ensureDemoModel.js';
import { predictGreedyTokens } from '../src/demoModel/predictGreedyTokens.js';
import { tokenizeSpm } from '../src/demoModel/tokenizeSpm.js';
import { createLlamaEngine, type LlamaEngine } from '../src/engines/createLlamaEngine.js';
import type { GenerateRequest, TokenEvent } from '../src/engines/engine.js';
import { collectGeneration } from './support/collectGeneration.js';

const demo = buildDemoModel();
const pieceText = (id: number) => (demo.vocabulary.tokens[id] as string).replaceAll('\u2581', ' ');
/** What greedy decoding must say after `tokens`, as one string per token. */
const expectedPieces = (tokens: number[], max: number) =>
  predictGreedyTokens(demo, tokens, max).map(pieceText);

let engine: LlamaEngine;
beforeAll(async () => {
  const { path } = await ensureDemoModel();
  engine = await createLlamaEngine({
    modelPath: path,
    modelId: 'far-demo',
    maxConcurrency: 2,
    gpu: false,
    threads: 1,
  });
});
afterAll(async () => {
  await engine?.close();
});

const collect = (req: Omit<GenerateRequest, 'model'>, onEvent?: (event: TokenEvent, index: number) => void) =>
  collectGeneration(engine, { model: 'far-demo', ...req }, onEvent);

describe('createLlamaEngine on the demo model', () => {
  it('continues a prompt greedily, one event per token, and stops at end of text', async () => {
    const prompt = 'The stranger';
    const expected = expectedPieces(tokenizeSpm(demo.vocabulary, prompt), 64);
    const { texts, result } = await collect({ prompt, maxTokens: 64, temperature: 0 });
    expect(texts).toEqual(expected);
    expect(result).toEqual({
      promptTokens: tokenizeSpm(demo.vocabulary, prompt).length,
      completionTokens: expected.length,
      finishReason: 'stop',
    });
  });

  it('answers a chat in a new assistant turn', async () => {
    const { text, result } = await collect({
      messages: [{ role: 'user', content: 'Tell me about the river.' }],
      maxTokens: 64,
      temperature: 0,
    });
    // The ChatML prompt ends with "<|im_start|>assistant\n": a fresh start, like the first line of a paragraph.
    const expected = expectedPieces([demo.vocabulary.byteIds[0x0a] as number], 64).join('');
    // The first word's SentencePiece space is dropped so the answer starts at its first letter.
    expect(text).toBe(expected.slice(1));
    expect(text).toMatch(/^[A-Z]/);
    expect(text).not.toContain('<|im');
    expect(result.finishReason).toBe('stop');
    expect(result.promptTokens).toBeGreaterThan(8);
  });

  it('continues a trailing assistant message instead of starting a new turn (resume)', async () => {
    const messages = [
      { role: 'user' as const, content: 'Tell me about the town.' },
      { role: 'assistant' as const, content: 'The keeper has a grey' },
    ];
    const { text } = await collect({ messages, maxTokens: 32, temperature: 0 });
    expect(text).toBe(expectedPieces(tokenizeSpm(demo.vocabulary, 'The keeper has a grey'), 32).join(''));
    // A new turn would start like a fresh paragraph instead.
    expect(text).not.toBe(expectedPieces([demo.vocabulary.byteIds[0x0a] as number], 32).join(''));
    expect(text.startsWith(' ')).toBe(true);
  });

  it('resumes a chat answer cut after any number of tokens with exactly the rest, the first token included', async () => {
    const question = [
      { role: 'system' as const, content: 'You are a helpful assistant.' },
      { role: 'user' as const, content: 'Tell me about GPUs.' },
    ];
    const full = await collect({ messages: question, maxTokens: 64, temperature: 0 });
    expect(full.texts.length).toBeGreaterThan(2);
    for (let cut = 1; cut < full.texts.length; cut++) {
      // What the coordinator sends another node when the first one dies after `cut` tokens.
      const delivered = full.texts.slice(0, cut).join('');
      const resumed = await collect({
        messages: [...question, { role: 'assistant', content: delivered }],
        maxTokens: 64 - cut,
        temperature: 0,
      });
      expect(delivered + resumed.text, `cut after ${cut} tokens`).toBe(full.text);
      expect(resumed.texts, `cut after ${cut} tokens`).toEqual(full.texts.slice(cut));
    }
  });

  it('continues a prompt that already holds part of an earlier answer with exactly the rest', async () => {
    const full = await collect({ prompt: 'In the winter the', maxTokens: 12, temperature: 0 });
    const resumed = await collect({
      prompt: `In the winter the${full.texts.slice(0, 4).join('')}`,
      maxTokens: 8,
      temperature: 0,
    });
    expect(resumed.texts).toEqual(full.texts.slice(4, 12));
  });

  it('ends with finishReason length after maxTokens tokens', async () => {
    const { events, result } = await collect({ prompt: 'The stranger', maxTokens: 2, temperature: 0 });
    expect(events).toHaveLength(2);
    expect(result).toMatchObject({ completionTokens: 2, finishReason: 'length' });
  });

  it('cuts the stream before a stop sequence and does not count the hidden tokens', async () => {
    const prompt = 'The stranger';
    const expected = expectedPieces(tokenizeSpm(demo.vocabulary, prompt), 64).join('');
    const stop = expected.slice(expected.indexOf(' a '), expected.indexOf(' a ') + 3);
    const { text, events, result } = await collect({ prompt, maxTokens: 64, temperature: 0, stop: [stop] });
    expect(text).toBe(expected.slice(0, expected.indexOf(stop)));
    expect(result).toMatchObject({ finishReason: 'stop', completionTokens: events.length });
  });

  it('stops with finishReason cancelled when the signal aborts mid-stream', async () => {
    const controller = new AbortController();
    const { events, result } = await collect(
      {
        messages: [{ role: 'user', content: 'Talk.' }],
        maxTokens: 500,
        temperature: 1,
        seed: 7,
        signal: controller.signal,
      },
      (_event, index) => {
        if (index === 2) controller.abort();
      },
    );
    expect(result.finishReason).toBe('cancelled');
    expect(events).toHaveLength(3);
    expect(result.completionTokens).toBe(3);
  });

  it('holds each token back to maxTokensPerSecond, and a cancel ends the wait', async () => {
    const { path } = await ensureDemoModel();
    // One token per 1000 s: after the first token the stream waits until the cancel.
    const paced = await createLlamaEngine({
      modelPath: path,
      modelId: 'far-demo',
      gpu: false,
      threads: 1,
      maxTokensPerSecond: 0.001,
    });
    try {
      const controller = new AbortController();
      const texts: string[] = [];
      const result = await paced.generate(
        {
          model: 'far-demo',
          prompt: 'The stranger',
          maxTokens: 5,
          temperature: 0,
          signal: controller.signal,
        },
        (event) => {
          texts.push(event.text);
          setTimeout(() => controller.abort(), 0);
        },
      );
      expect(texts).toEqual(expectedPieces(tokenizeSpm(demo.vocabulary, 'The stranger'), 1));
      expect(result).toMatchObject({ completionTokens: 1, finishReason: 'cancelled' });
    } finally {
      await paced.close();
    }
    await expect(
      createLlamaEngine({ modelPath: path, modelId: 'far-demo', gpu: false, maxTokensPerSecond: 0 }),
    ).rejects.toMatchObject({ name: 'EngineError', code: 'INVALID_REQUEST' });
  });

  it('returns cancelled without generating when the signal is already aborted', async () => {
    const { events, result } = await collect({
      prompt: 'The',
      maxTokens: 5,
      temperature: 0,
      signal: AbortSignal.abort(),
    });
    expect(events).toHaveLength(0);
    expect(result.finishReason).toBe('cancelled');
  });

  it('samples reproducibly for a fixed seed', async () => {
    const req = { prompt: 'The river', maxTokens: 40, temperature: 1, seed: 1234 };
    const first = await collect(req);
    const second = await collect(req);
    expect(second.text).toBe(first.text);
    expect(first.text).toMatch(/^( [A-Za-z]+| ?[.,;:?!])*$/);
  });

  it('serves two requests at once on separate context sequences', async () => {
    const prompts = ['The keeper', 'Mara likes'];
    const results = await Promise.all(
      prompts.map((prompt) => collect({ prompt, maxTokens: 30, temperature: 0 })),
    );
    prompts.forEach((prompt, i) => {
      expect(results[i]?.texts).toEqual(expectedPieces(tokenizeSpm(demo.vocabulary, prompt), 30));
    });
  });

  it('queues a request beyond maxConcurrency until a sequence is free', async () => {
    const prompts = ['The keeper', 'Mara likes', 'The baker', 'The children'];
    const results = await Promise.all(
      prompts.map((prompt) => collect({ prompt, maxTokens: 20, temperature: 0 })),
    );
    prompts.forEach((prompt, i) => {
      expect(results[i]?.texts).toEqual(expectedPieces(tokenizeSpm(demo.vocabulary, prompt), 20));
    });
  });

  it('counts tokens with the model tokenizer and lists its model', async () => {
    const text = 'The river runs past the old town.';
    expect(await engine.countTokens('far-demo', text)).toBe(
      tokenizeSpm(demo.vocabulary, text, { addBos: false }).length,
    );
    expect(await engine.listModels()).toEqual([{ id: 'far-demo', contextLength: engine.contextSize }]);
  });

  it('rejects another model and malformed requests with typed errors', async () => {
    await expect(
      engine.generate({ model: 'llama-70b', prompt: 'x', maxTokens: 1, temperature: 0 }, () => {}),
    ).rejects.toMatchObject({ name: 'EngineError', code: 'MODEL_NOT_FOUND' });
    await expect(
      engine.generate({ model: 'far-demo', maxTokens: 1, temperature: 0 }, () => {}),
    ).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
    await expect(
      engine.generate({ model: 'far-demo', prompt: 'x', maxTokens: 0, temperature: 0 }, () => {}),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('maxTokens') });
  });

  it('fails queued requests with ENGINE_CLOSED when the engine closes, and settles the running one', async () => {
    const { path } = await ensureDemoModel();
    const small = await createLlamaEngine({ modelPath: path, modelId: 'far-demo', gpu: false, threads: 1 });
    let closing: Promise<void> | undefined;
    const running = small.generate(
      { model: 'far-demo', prompt: 'The river', maxTokens: 50, temperature: 0 },
      () => {
        closing ??= small.close();
      },
    );
    const queued = small.generate(
      { model: 'far-demo', prompt: 'The keeper', maxTokens: 5, temperature: 0 },
      () => {},
    );
    await expect(queued).rejects.toMatchObject({ code: 'ENGINE_CLOSED' });
    await running.then(
      (result) => expect(result.completionTokens).toBeGreaterThan(0),
      (error) => expect(error).toMatchObject({ name: 'EngineError', code: 'ENGINE_CLOSED' }),
    );
    await closing;
    await expect(
      small.generate({ model: 'far-demo', prompt: 'x', maxTokens: 1, temperature: 0 }, () => {}),
    ).rejects.toMatchObject({
      code: 'ENGINE_CLOSED',
    });
  });
});
