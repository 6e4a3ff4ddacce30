import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectGeneration } from '../../test/support/collectGeneration.js';
import { createOpenAIEngine } from './createOpenAIEngine.js';
import type { GenerateRequest } from './engine.js';

/**
 * A small OpenAI-compatible server speaking the real streaming protocol: `data: {json}` SSE chunks,
 * one token per chunk, a usage chunk, then `data: [DONE]`. Its "model" recites a fixed text.
 */
const script = ' The river runs past the old town and down to the sea.'.match(/ ?[^ ]+/g) as string[];
const received: { path: string; body: Record<string, unknown>; headers: IncomingMessage['headers'] }[] = [];
let disconnects = 0;
let server: Server;
let upstream: string;

function sse(res: ServerResponse, payload: unknown): void {
  const text = `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`;
  // Split every event in two writes so the client sees events cut across network chunks.
  const middle = Math.floor(text.length / 2);
  res.write(text.slice(0, middle));
  res.write(text.slice(middle));
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {};
  received.push({ path: req.url ?? '', body, headers: req.headers });

  if (req.url === '/v1/models') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ object: 'list', data: [{ id: 'tiny', object: 'model', max_model_len: 2048 }] }));
    return;
  }
  if (req.url === '/tokenize') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ tokens: String(body.content).match(/ ?[^ ]+/g) ?? [] }));
    return;
  }
  const chat = req.url === '/v1/chat/completions';
  if (!chat && req.url !== '/v1/completions') {
    res.writeHead(404).end();
    return;
  }
  if (body.model !== 'tiny') {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `model ${String(body.model)} not found` } }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.on('close', () => {
    if (!res.writableFinished) disconnects += 1;
  });
  const mode = chat ? String((body.messages as { content: string }[]).at(-1)?.content) : String(body.prompt);
  const piece = (text: string, finish: string | null) =>
    chat
      ? {
          object: 'chat.completion.chunk',
          choices: [{ index: 0, delta: { content: text }, finish_reason: finish }],
        }
      : { object: 'text_completion', choices: [{ index: 0, text, finish_reason: finish }] };

  if (mode === 'endless') {
    const timer = setInterval(() => sse(res, piece(' more', null)), 5);
    res.on('close', () => clearInterval(timer));
    return;
  }
  if (mode === 'crash') {
    sse(res, piece(' The', null));
    sse(res, piece(' river', null));
    // Let the two chunks reach the client, then die without a finish reason.
    setTimeout(() => res.socket?.destroy(), 50);
    return;
  }
  if (mode === 'error') {
    sse(res, { error: { message: 'out of memory' } });
    res.end();
    return;
  }
  const maxTokens = Number(body.max_tokens);
  const words = script.slice(0, maxTokens);
  for (const word of words) sse(res, piece(word, null));
  sse(res, piece('', words.length < script.length ? 'length' : 'stop'));
  sse(res, { choices: [], usage: { prompt_tokens: 11, completion_tokens: words.length } });
  sse(res, '[DONE]');
  res.end();
}

beforeAll(async () => {
  server = createServer((req, res) => {
    handle(req, res).catch((error) => res.destroy(error));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  upstream = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const collect = (engine: ReturnType<typeof createOpenAIEngine>, req: Omit<GenerateRequest, 'model'>) =>
  collectGeneration(engine, { model: 'tiny', ...req }, (event, index) => {
    if (event.text === ' more' && index === 2) controller?.abort();
  });
let controller: AbortController | undefined;

describe('createOpenAIEngine against an OpenAI-compatible SSE server', () => {
  it('streams a chat completion one event per chunk with the upstream usage', async () => {
    const engine = createOpenAIEngine({ upstream, model: 'tiny', apiKey: 'sk-test' });
    const { texts, result } = await collect(engine, {
      messages: [{ role: 'user', content: 'Where does the river go?' }],
      maxTokens: 100,
      temperature: 0,
      seed: 5,
    });
    expect(texts).toEqual(script);
    expect(result).toEqual({ promptTokens: 11, completionTokens: script.length, finishReason: 'stop' });
    const request = received.at(-1);
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-test');
    expect(request?.body).toMatchObject({
      model: 'tiny',
      max_tokens: 100,
      temperature: 0,
      seed: 5,
      stream: true,
    });
    expect(request?.body).not.toHaveProperty('continue_final_message');
  });

  it('uses /v1/completions for a prompt and reports length when max tokens cut it', async () => {
    const engine = createOpenAIEngine({ upstream: `${upstream}/v1/`, model: 'tiny' });
    const { texts, result } = await collect(engine, {
      prompt: 'Once',
      maxTokens: 3,
      temperature: 0.5,
      topP: 0.9,
    });
    expect(texts).toEqual(script.slice(0, 3));
    expect(result).toEqual({ promptTokens: 11, completionTokens: 3, finishReason: 'length' });
    expect(received.at(-1)).toMatchObject({ path: '/v1/completions', body: { prompt: 'Once', top_p: 0.9 } });
  });

  it('asks the server to continue a trailing assistant message', async () => {
    const engine = createOpenAIEngine({ upstream, model: 'tiny' });
    await collect(engine, {
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'The river' },
      ],
      maxTokens: 2,
      temperature: 0,
    });
    expect(received.at(-1)?.body).toMatchObject({
      continue_final_message: true,
      add_generation_prompt: false,
    });
  });

  it('keeps a stop sequence out of the stream even when the server ignores it', async () => {
    const engine = createOpenAIEngine({ upstream, model: 'tiny' });
    const { texts, result } = await collect(engine, {
      prompt: 'x',
      maxTokens: 100,
      temperature: 0,
      stop: [' town'],
    });
    expect(texts.join('')).toBe(' The river runs past the old');
    expect(result).toMatchObject({ finishReason: 'stop', completionTokens: texts.length });
    expect(received.findLast((r) => r.path === '/v1/completions')?.body.stop).toEqual([' town']);
  });

  it('cancels mid-stream: finishReason cancelled and the upstream sees the disconnect', async () => {
    const engine = createOpenAIEngine({ upstream, model: 'tiny' });
    controller = new AbortController();
    const before = disconnects;
    const { texts, result } = await collect(engine, {
      messages: [{ role: 'user', content: 'endless' }],
      maxTokens: 1000,
      temperature: 0,
      signal: controller.signal,
    });
    expect(texts).toEqual([' more', ' more', ' more']);
    expect(result.finishReason).toBe('cancelled');
    expect(result.completionTokens).toBe(3);
    // No usage came, so the prompt is counted with the upstream's /tokenize.
    expect(result.promptTokens).toBe(1);
    await expect.poll(() => disconnects).toBe(before + 1);
  });

  it('turns a stream cut mid-answer into an error, not a short success', async () => {
    const engine = createOpenAIEngine({ upstream, model: 'tiny' });
    const events: string[] = [];
    await expect(
      engine.generate({ model: 'tiny', prompt: 'crash', maxTokens: 10, temperature: 0 }, (e) =>
        events.push(e.text),
      ),
    ).rejects.toMatchObject({
      name: 'EngineError',
      code: expect.stringMatching(/UPSTREAM_(PROTOCOL_ERROR|UNREACHABLE)/),
    });
    expect(events).toEqual([' The', ' river']);
  });

  it('reports upstream errors with stable codes', async () => {
    const engine = createOpenAIEngine({ upstream, model: 'tiny' });
    await expect(collect(engine, { prompt: 'error', maxTokens: 5, temperature: 0 })).rejects.toMatchObject({
      code: 'UPSTREAM_HTTP_ERROR',
      message: expect.stringContaining('out of memory'),
    });
    const wrongName = createOpenAIEngine({ upstream, model: 'missing' });
    await expect(
      wrongName.generate({ model: 'missing', prompt: 'x', maxTokens: 1, temperature: 0 }, () => {}),
    ).rejects.toMatchObject({ code: 'UPSTREAM_HTTP_ERROR', status: 404 });
    await expect(wrongName.listModels()).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    const down = createOpenAIEngine({ upstream: 'http://127.0.0.1:1', model: 'tiny' });
    await expect(collect(down, { prompt: 'x', maxTokens: 1, temperature: 0 })).rejects.toMatchObject({
      code: 'UPSTREAM_UNREACHABLE',
    });
  });

  it('lists the model with its context length and counts tokens through /tokenize', async () => {
    const engine = createOpenAIEngine({ upstream, model: 'tiny', modelId: 'far-tiny' });
    expect(await engine.listModels()).toEqual([{ id: 'far-tiny', contextLength: 2048 }]);
    expect(await engine.countTokens('far-tiny', 'one two three')).toBe(3);
    await expect(engine.countTokens('tiny', 'x')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });
});
