import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatStreamEvent, streamChatCompletion } from './streamChatCompletion';

// A real HTTP server speaking the API's SSE contract, so the client runs over a real socket.
let server: Server;
let baseUrl: string;
let lastBody: Record<string, unknown> = {};

beforeAll(async () => {
  server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      lastBody = JSON.parse(raw) as Record<string, unknown>;
      if (request.headers.authorization !== 'Bearer good') {
        response.writeHead(402, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ error: { code: 'insufficient_balance', message: 'Deposit FAR first.' } }),
        );
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (content: string) =>
        `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] })}\n\n`;
      if (lastBody.model === 'slow') {
        response.write(chunk('partial '));
        // Never finishes: the client must be able to stop it.
        return;
      }
      response.write(chunk('Hello'));
      response.write(chunk(', world'));
      response.write(
        `data: ${JSON.stringify({
          object: 'chat.completion.chunk',
          choices: [],
          usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 },
          far: { task_id: 't-1', node_id: 'node-a', cost_far_wei: '123000000000000', cost_usd: 0.0000123 },
        })}\n\n`,
      );
      response.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const params = (overrides: Partial<Parameters<typeof streamChatCompletion>[0]> = {}) => ({
  accessToken: 'good',
  model: 'far-demo',
  messages: [{ role: 'user' as const, content: 'hi' }],
  temperature: 0.5,
  maxTokens: 16,
  signal: new AbortController().signal,
  baseUrl,
  ...overrides,
});

describe('streamChatCompletion', () => {
  it('streams tokens, then usage with the Far cost and serving node', async () => {
    const events: ChatStreamEvent[] = [];
    for await (const event of streamChatCompletion(params())) events.push(event);
    expect(events).toEqual([
      { type: 'token', text: 'Hello' },
      { type: 'token', text: ', world' },
      {
        type: 'usage',
        promptTokens: 7,
        completionTokens: 2,
        taskId: 't-1',
        nodeId: 'node-a',
        costFarWei: 123_000_000_000_000n,
        costUsd: 0.0000123,
      },
    ]);
    expect(lastBody).toMatchObject({ model: 'far-demo', stream: true, max_tokens: 16, temperature: 0.5 });
  });

  it("raises the API's error code when the request is refused", async () => {
    const run = async () => {
      for await (const _ of streamChatCompletion(params({ accessToken: 'bad' }))) {
        // drain
      }
    };
    await expect(run()).rejects.toMatchObject({ code: 'insufficient_balance', status: 402 });
  });

  it('ends quietly on Stop and keeps what already arrived', async () => {
    const controller = new AbortController();
    const received: string[] = [];
    for await (const event of streamChatCompletion(params({ model: 'slow', signal: controller.signal }))) {
      if (event.type === 'token') received.push(event.text);
      controller.abort();
    }
    expect(received).toEqual(['partial ']);
  });
});
