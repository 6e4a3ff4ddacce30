import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { readSseData } from './support/readSseData.js';
import { startTestNetwork } from './support/startTestNetwork.js';

/**
 * A program watching a task on `/ws/inference/{taskId}` while the client streams it over HTTP: the
 * coordinator publishes the task's output on the bus in chunks (the tokens of one event-loop turn
 * together), and the viewer must still see exactly the client's text, in order, ending with `done`.
 * The upstream engine holds its tokens until the viewer is connected (tokens published before a
 * viewer connects are not replayed).
 */
const TOKENS = 40;
let net: Awaited<ReturnType<typeof startTestNetwork>>;
let engine: Server;
let apiKey: string;
// Opened by the test once its viewer is connected; the engine may get the request before or after.
let releaseTokens: () => void = () => {};
let tokensReleased: Promise<void> = Promise.resolve();

beforeAll(async () => {
  engine = createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ object: 'list', data: [{ id: 'far-demo', object: 'model', owned_by: 'test' }] }),
      );
      return;
    }
    req.resume();
    req.on('end', async () => {
      const chunk = (delta: object, finish: string | null) =>
        `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 0, model: 'far-demo', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk({ role: 'assistant', content: '' }, null));
      await tokensReleased;
      // Some tokens in bursts, some one by one: chunking must not matter to what the viewer sees.
      for (let i = 0; i < TOKENS; i++) {
        res.write(chunk({ content: ` w${i}` }, null));
        if (i % 7 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      res.write(chunk({}, 'stop'));
      res.end(
        `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 0, model: 'far-demo', choices: [], usage: { prompt_tokens: 5, completion_tokens: TOKENS, total_tokens: TOKENS + 5 } })}\n\ndata: [DONE]\n\n`,
      );
    });
  });
  await new Promise<void>((resolve) => engine.listen(0, '127.0.0.1', resolve));
  const upstream = `http://127.0.0.1:${(engine.address() as AddressInfo).port}/v1`;
  net = await startTestNetwork();
  const [user, owner] = net.bed.users as [`0x${string}`, `0x${string}`];
  net.startNode(owner, [], ['--engine', 'openai', '--upstream', upstream, '--model', 'far-demo']);
  ({ apiKey } = await net.apiKeyFor(user));
  await net.fund(user, apiKey, parseEther('1000'));
  await net.waitForNodes('far-demo');
}, 240_000);

afterAll(async () => {
  await net?.close();
  engine?.close();
});

type ViewerMessage = {
  type: string;
  seq?: number;
  text?: string;
  done?: boolean;
  finishReason?: string;
  usage?: { completionTokens: number };
};

describe('a viewer of /ws/inference/{taskId}', () => {
  it('sees exactly the text the HTTP client received, seq from 0 without gaps, then done with the usage', async () => {
    tokensReleased = new Promise<void>((resolve) => {
      releaseTokens = resolve;
    });
    const response = await fetch(`${net.api.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'far-demo',
        messages: [{ role: 'user', content: 'count' }],
        max_tokens: 100,
        stream: true,
      }),
    });
    expect(response.status).toBe(200);
    const taskId = response.headers.get('x-far-task-id');
    expect(taskId).toBeTruthy();

    const ws = new WebSocket(`${net.api.url.replace('http', 'ws')}/ws/inference/${taskId}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    const messages: ViewerMessage[] = [];
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const statusSeen = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        messages.push(JSON.parse(String(data)) as ViewerMessage);
        resolve();
      }),
    );
    await statusSeen;
    releaseTokens();

    let clientText = '';
    for await (const data of readSseData(response.body as AsyncIterable<Uint8Array>)) {
      if (!data.startsWith('{')) continue;
      const chunk = JSON.parse(data) as { choices?: Array<{ delta?: { content?: string } }> };
      clientText += chunk.choices?.[0]?.delta?.content ?? '';
    }
    expect(await closed).toBe(1000);

    expect(messages[0]?.type).toBe('status');
    const tokens = messages.slice(1);
    expect(tokens.every((m) => m.type === 'token')).toBe(true);
    expect(tokens.map((m) => m.seq)).toEqual(tokens.map((_, i) => i));
    expect(tokens.map((m) => m.text).join('')).toBe(clientText);
    expect(clientText).toBe(Array.from({ length: TOKENS }, (_, i) => ` w${i}`).join(''));
    expect(tokens.at(-1)).toMatchObject({
      done: true,
      finishReason: 'stop',
      usage: { completionTokens: TOKENS },
    });
    expect(tokens.slice(0, -1).some((m) => m.done)).toBe(false);
  });
});
