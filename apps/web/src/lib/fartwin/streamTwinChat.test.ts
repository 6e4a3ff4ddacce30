import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamTwinChat, type TwinChatEvent } from './streamTwinChat';

// A real HTTP server speaking the API's twin chat SSE contract (citations and the conversation id
// ride on the final usage chunk), so the client runs over a real socket.
let server: Server;
let baseUrl: string;
let seen: { body: Record<string, unknown>; conversation: string | undefined } | null = null;

const citation = {
  index: 1,
  documentId: '0b7f6f4e-6a55-4c1e-9d7e-1c0c3f8a2b11',
  title: 'quillmere.md',
  chunkId: '5d1c7a3e-2f4b-4d8e-8a9c-6b2e1f0d3c44',
  heading: 'The lighthouse',
  excerpt: 'The keeper is Orsolya.',
};

beforeAll(async () => {
  server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      seen = {
        body: JSON.parse(raw) as Record<string, unknown>,
        conversation: request.headers['x-far-conversation-id'] as string | undefined,
      };
      if (seen.body.model === 'twin:private') {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { code: 'not_found', message: 'Twin not found' } }));
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
      response.write(chunk({ choices: [{ index: 0, delta: { content: 'Orsolya' } }] }));
      response.write(
        chunk({
          choices: [],
          usage: { prompt_tokens: 40, completion_tokens: 3 },
          far: { task_id: 't-1', node_id: 'n-1', cost_far_wei: '4300000000000', cost_usd: 0.0000043 },
          citations: [citation],
          twin: { handle: 'guide', conversation_id: 'c-1', dropped_turns: 0 },
        }),
      );
      response.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const collect = async (params: Parameters<typeof streamTwinChat>[0]) => {
  const events: TwinChatEvent[] = [];
  for await (const event of streamTwinChat(params)) events.push(event);
  return events;
};

describe('streamTwinChat', () => {
  it('asks for twin:<handle> in the conversation and yields tokens, then cost, citations and conversation', async () => {
    const events = await collect({
      accessToken: 'token',
      handle: 'guide',
      messages: [{ role: 'user', content: 'Who keeps the lighthouse?' }],
      conversationId: 'c-0',
      signal: new AbortController().signal,
      baseUrl,
    });
    expect(seen?.body.model).toBe('twin:guide');
    expect(seen?.body.stream).toBe(true);
    expect(seen?.conversation).toBe('c-0');
    expect(events).toEqual([
      { type: 'token', text: 'Orsolya' },
      {
        type: 'done',
        promptTokens: 40,
        completionTokens: 3,
        costFarWei: 4_300_000_000_000n,
        costUsd: 0.0000043,
        citations: [citation],
        conversationId: 'c-1',
      },
    ]);
  });

  it("throws the API's error code when the twin is refused", async () => {
    await expect(
      collect({
        accessToken: 'token',
        handle: 'private',
        messages: [{ role: 'user', content: 'hi' }],
        conversationId: null,
        signal: new AbortController().signal,
        baseUrl,
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(seen?.conversation).toBeUndefined();
  });
});
