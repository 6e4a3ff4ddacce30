import { gpuNodes } from '@far/db';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useNodeGatewayFixtures } from '../../test/support/nodeGatewayFixtures.js';
import { NoNodeAvailableError } from '../scheduler/NoNodeAvailableError.js';
import { NodeTaskFailedError } from './NodeTaskFailedError.js';

const fx = useNodeGatewayFixtures();
const { startGateway, joinNode, serveTasks, collect, task } = fx;

describe('node gateway: dispatch', () => {
  it('streams tokens in order and reports its own count beside the node claim', async () => {
    const env = await startGateway();
    const { client, nodeId, account } = await joinNode(env);
    serveTasks(client, ['Once', ' upon', ' a', ' time']);
    const stream = await env.gateway.dispatch(task());
    expect(stream.nodeId).toBe(nodeId);
    const tokens = await collect(stream);
    expect(tokens).toEqual([
      { text: 'Once', seq: 0, billable: true },
      { text: ' upon', seq: 1, billable: true },
      { text: ' a', seq: 2, billable: true },
      { text: ' time', seq: 3, billable: true },
    ]);
    expect(await stream.result).toMatchObject({
      nodeId,
      nodeOwner: account.address.toLowerCase(),
      completionTokensCounted: 4,
      nodeClaimedUsage: { promptTokens: 3, completionTokens: 4 },
      finishReason: 'stop',
      attempts: 1,
    });
    expect(env.gateway.registry.get(nodeId)?.activeTasks).toBe(0);
  });

  it('sends the assignment the node can run, with chat messages and sampling fields', async () => {
    const env = await startGateway();
    const { client } = await joinNode(env);
    serveTasks(client, ['ok']);
    const stream = await env.gateway.dispatch(
      task({
        prompt: undefined,
        messages: [{ role: 'user', content: 'hi' }],
        seed: 7,
        stop: ['\n'],
        temperature: 0.5,
      }),
    );
    await collect(stream);
    expect(await client.next('task.assign')).toMatchObject({
      messages: [{ role: 'user', content: 'hi' }],
      seed: 7,
      stop: ['\n'],
      temperature: 0.5,
      maxTokens: 16,
    });
  });

  it('exposes a node that lies about usage: claimed differs from counted, and its score drops', async () => {
    const env = await startGateway();
    const { client, nodeId } = await joinNode(env);
    serveTasks(client, ['one', 'two'], 500);
    const stream = await env.gateway.dispatch(task());
    await collect(stream);
    const result = await stream.result;
    expect(result.completionTokensCounted).toBe(2);
    expect(result.nodeClaimedUsage?.completionTokens).toBe(500);
    expect(env.gateway.registry.get(nodeId)?.score).toBeLessThan(80);
  });

  it('never counts more than maxTokens, nor out-of-order tokens', async () => {
    const env = await startGateway();
    const { client } = await joinNode(env);
    client.ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      if (m.type !== 'task.assign') return;
      client.send({ type: 'task.token', taskId: m.taskId, seq: 0, text: 'a' });
      client.send({ type: 'task.token', taskId: m.taskId, seq: 5, text: 'skipped' });
      client.send({ type: 'task.token', taskId: m.taskId, seq: 1, text: 'b' });
      client.send({ type: 'task.token', taskId: m.taskId, seq: 2, text: 'over' });
      client.send({
        type: 'task.done',
        taskId: m.taskId,
        usage: { promptTokens: 1, completionTokens: 3 },
        finishReason: 'length',
      });
    });
    const stream = await env.gateway.dispatch(task({ maxTokens: 2 }));
    expect((await collect(stream)).map((t) => t.text)).toEqual(['a', 'b']);
    expect(await stream.result).toMatchObject({ completionTokensCounted: 2, finishReason: 'length' });
    expect(env.gateway.stats().malformedMessages).toBe(2);
  });

  it('passes a task.tokens frame on whole up to maxTokens, and refuses the rest of it once', async () => {
    const env = await startGateway();
    const { client } = await joinNode(env);
    client.ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      if (m.type !== 'task.assign') return;
      client.send({ type: 'task.token', taskId: m.taskId, seq: 0, text: 'a' });
      client.send({ type: 'task.tokens', taskId: m.taskId, seq: 1, texts: ['b', ' ', 'c', 'over', 'more'] });
      client.send({
        type: 'task.done',
        taskId: m.taskId,
        usage: { promptTokens: 1, completionTokens: 3 },
        finishReason: 'length',
      });
    });
    const stream = await env.gateway.dispatch(task({ maxTokens: 4 }));
    expect(await collect(stream)).toEqual([
      { text: 'a', seq: 0, billable: true },
      { text: 'b', seq: 1, billable: true },
      { text: ' ', seq: 2, billable: false },
      { text: 'c', seq: 3, billable: true },
    ]);
    expect(await stream.result).toMatchObject({ completionTokensCounted: 3, finishReason: 'length' });
    expect(env.gateway.stats().malformedMessages).toBe(1);
  });

  it('sends task.cancel when the caller aborts, and reports the task cancelled', async () => {
    const env = await startGateway();
    const { client } = await joinNode(env);
    const controller = new AbortController();
    const stream = await env.gateway.dispatch(task({ maxTokens: 100, signal: controller.signal }));
    const assign = await client.next('task.assign');
    client.send({ type: 'task.token', taskId: assign.taskId, seq: 0, text: 'first' });
    const seen: string[] = [];
    for await (const batch of stream) {
      seen.push(...batch.map((t) => t.text));
      controller.abort();
    }
    expect(seen).toEqual(['first']);
    expect(await client.next('task.cancel')).toEqual({ type: 'task.cancel', taskId: assign.taskId });
    client.send({ type: 'task.token', taskId: assign.taskId, seq: 1, text: 'in flight' });
    client.send({
      type: 'task.done',
      taskId: assign.taskId,
      usage: { promptTokens: 2, completionTokens: 2 },
      finishReason: 'cancelled',
    });
    expect(await stream.result).toMatchObject({
      completionTokensCounted: 1,
      finishReason: 'cancelled',
      nodeClaimedUsage: { completionTokens: 2 },
    });
    expect(env.gateway.stats().malformedMessages).toBe(0);
  });

  it('cancels when the consumer stops iterating early', async () => {
    const env = await startGateway({ cancelGraceMs: 50 });
    const { client } = await joinNode(env);
    const stream = await env.gateway.dispatch(task({ maxTokens: 100 }));
    const assign = await client.next('task.assign');
    client.send({ type: 'task.token', taskId: assign.taskId, seq: 0, text: 'x' });
    for await (const _ of stream) break;
    expect(await client.next('task.cancel')).toMatchObject({ taskId: assign.taskId });
    expect(await stream.result).toMatchObject({ finishReason: 'cancelled', nodeClaimedUsage: undefined });
  });

  it('fails with NoNodeAvailableError when nobody serves the model', async () => {
    const env = await startGateway();
    await joinNode(env, { models: [{ id: 'llama-70b' }], vramGb: 160 });
    await expect(env.gateway.dispatch(task())).rejects.toBeInstanceOf(NoNodeAvailableError);
  });

  it('queues when the only node is busy, then runs the task when its slot frees', async () => {
    const env = await startGateway({ scheduler: { maxWaitMs: 5_000 } });
    const { client } = await joinNode(env);
    const first = await env.gateway.dispatch(task());
    const assign = await client.next('task.assign');
    const second = env.gateway.dispatch(task());
    await new Promise((r) => setTimeout(r, 20));
    expect(env.gateway.scheduler.queued('far-demo')).toBe(1);
    client.send({
      type: 'task.done',
      taskId: assign.taskId,
      usage: { promptTokens: 1, completionTokens: 0 },
      finishReason: 'stop',
    });
    await first.result;
    const secondStream = await second;
    const nextAssign = await client.next('task.assign');
    expect(nextAssign.taskId).toBe(secondStream.taskId);
  });

  it('retries on another node when the first refuses before any token', async () => {
    const env = await startGateway();
    const busy = await joinNode(env);
    busy.client.ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      if (m.type === 'task.assign')
        busy.client.send({ type: 'task.error', taskId: m.taskId, code: 'busy', message: 'full' });
    });
    // The busy node wins the first pick: best score.
    const registered = env.gateway.registry.get(busy.nodeId);
    if (registered) registered.score = 99;
    const good = await joinNode(env);
    serveTasks(good.client, ['hi']);
    const stream = await env.gateway.dispatch(task());
    expect(stream.nodeId).toBe(busy.nodeId);
    expect((await collect(stream)).map((t) => t.text)).toEqual(['hi']);
    expect(await stream.result).toMatchObject({ nodeId: good.nodeId, attempts: 2 });
  });

  it('resumes on another node where a failed node stopped, counting each node separately', async () => {
    const env = await startGateway();
    const flaky = await joinNode(env);
    const registered = env.gateway.registry.get(flaky.nodeId);
    if (registered) registered.score = 99;
    const steady = await joinNode(env);
    const stream = await env.gateway.dispatch(task({ prompt: 'Once', maxTokens: 5 }));
    expect(stream.nodeId).toBe(flaky.nodeId);
    const first = await flaky.client.next('task.assign');
    flaky.client.send({ type: 'task.token', taskId: first.taskId, seq: 0, text: ' upon' });
    flaky.client.send({ type: 'task.token', taskId: first.taskId, seq: 1, text: ' a' });
    const seen: { text: string; seq: number }[] = [];
    const resumed = steady.client.next('task.assign');
    for await (const batch of stream) {
      seen.push(...batch);
      if (seen.length === 2) {
        flaky.client.ws.terminate();
        const continuation = await resumed;
        // The second node continues the text in place and generates only what is left.
        expect(continuation).toMatchObject({ taskId: first.taskId, prompt: 'Once upon a', maxTokens: 3 });
        steady.client.send({ type: 'task.token', taskId: first.taskId, seq: 0, text: ' time' });
        steady.client.send({
          type: 'task.done',
          taskId: first.taskId,
          usage: { promptTokens: 3, completionTokens: 1 },
          finishReason: 'stop',
        });
      }
    }
    expect(seen).toEqual([
      { text: ' upon', seq: 0, billable: true },
      { text: ' a', seq: 1, billable: true },
      { text: ' time', seq: 2, billable: true },
    ]);
    expect(await stream.result).toMatchObject({
      nodeId: steady.nodeId,
      completionTokensCounted: 3,
      attempts: 2,
      finishReason: 'stop',
      segments: [
        { nodeId: flaky.nodeId, tokens: 2, claimedCompletionTokens: undefined },
        { nodeId: steady.nodeId, tokens: 1, claimedCompletionTokens: 1 },
      ],
    });
  });

  it('fails with node_disconnected and the tokens delivered when a node drops mid-stream and none can resume', async () => {
    const env = await startGateway();
    const { client, nodeId } = await joinNode(env);
    const stream = await env.gateway.dispatch(task());
    const assign = await client.next('task.assign');
    client.send({ type: 'task.token', taskId: assign.taskId, seq: 0, text: 'partial' });
    const seen: string[] = [];
    const error = await (async () => {
      try {
        for await (const batch of stream) {
          seen.push(...batch.map((t) => t.text));
          client.ws.terminate();
        }
      } catch (e) {
        return e;
      }
    })();
    expect(seen).toEqual(['partial']);
    // The resume attempt found no other node; the error still says what was delivered.
    expect(error).toMatchObject({ code: 'no_node_available' });
    await expect(stream.result).rejects.toBe(error);
    await expect
      .poll(async () => (await fx.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, nodeId)))[0]?.status)
      .toBe('offline');
  });

  it('reports NodeTaskFailedError with the tokens delivered when retries are exhausted', async () => {
    const env = await startGateway({ maxAttempts: 1 });
    const { client, nodeId } = await joinNode(env);
    const stream = await env.gateway.dispatch(task());
    const assign = await client.next('task.assign');
    client.send({ type: 'task.token', taskId: assign.taskId, seq: 0, text: 'partial' });
    client.send({
      type: 'task.error',
      taskId: assign.taskId,
      code: 'engine_error',
      message: 'CUDA out of memory',
    });
    const error = await stream.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeTaskFailedError);
    expect(error).toMatchObject({
      reason: 'node_error',
      tokensDelivered: 1,
      nodeId,
      details: { nodeCode: 'engine_error' },
    });
  });

  it('rejects an invalid task before choosing a node', async () => {
    const env = await startGateway();
    await joinNode(env);
    await expect(env.gateway.dispatch(task({ maxTokens: 0 }))).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});

describe('node gateway: billable tokens are the text delivered', () => {
  it('passes whitespace on unbilled, drops empty frames, and bills one token per frame that shows text', async () => {
    const env = await startGateway();
    const { client, nodeId } = await joinNode(env);
    serveTasks(client, ['', ' ', 'Once', '\n\n', '', ' upon', '\u200b', ' '], 2);
    const stream = await env.gateway.dispatch(task());
    expect(await collect(stream)).toEqual([
      { text: ' ', seq: 1, billable: false },
      { text: 'Once', seq: 2, billable: true },
      { text: '\n\n', seq: 3, billable: false },
      { text: ' upon', seq: 5, billable: true },
      { text: '\u200b', seq: 6, billable: false },
      { text: ' ', seq: 7, billable: false },
    ]);
    const result = await stream.result;
    expect(result).toMatchObject({ completionTokensCounted: 2, segments: [{ nodeId, tokens: 2 }] });
    // Claiming the billable count is honest: the score does not drop.
    expect(env.gateway.registry.get(nodeId)?.score).toBeGreaterThanOrEqual(80);
  });

  it('never bills more tokens than visible characters, however finely the text is split', async () => {
    const env = await startGateway();
    const { client, nodeId } = await joinNode(env);
    serveTasks(client, [...'Hello, world!'], 13);
    const stream = await env.gateway.dispatch(task({ maxTokens: 64 }));
    expect((await collect(stream)).map((t) => t.text).join('')).toBe('Hello, world!');
    const result = await stream.result;
    expect(result.completionTokensCounted).toBe(12);
    // The node claimed every frame; the coordinator's count differs, so it is not accurate.
    expect(env.gateway.registry.get(nodeId)?.score).toBeLessThan(80);
  });

  it('counts every frame against maxTokens, so empty frames end a task instead of stretching it', async () => {
    const env = await startGateway();
    const { client } = await joinNode(env);
    client.ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      if (m.type !== 'task.assign') return;
      for (let seq = 0; seq < 5; seq++) client.send({ type: 'task.token', taskId: m.taskId, seq, text: '' });
      client.send({ type: 'task.token', taskId: m.taskId, seq: 5, text: 'late' });
      client.send({
        type: 'task.done',
        taskId: m.taskId,
        usage: { promptTokens: 1, completionTokens: 0 },
        finishReason: 'length',
      });
    });
    const stream = await env.gateway.dispatch(task({ maxTokens: 5 }));
    expect(await collect(stream)).toEqual([]);
    expect(await stream.result).toMatchObject({ completionTokensCounted: 0, finishReason: 'length' });
    expect(env.gateway.stats().malformedMessages).toBe(1);
  });

  it('takes the task from a node that streams only frames that show nothing', async () => {
    const env = await startGateway({ taskIdleTimeoutMs: 300, tokenGapTimeoutMs: 300, maxAttempts: 1 });
    const { client } = await joinNode(env);
    let timer: NodeJS.Timeout | undefined;
    client.ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      if (m.type !== 'task.assign') return;
      client.send({ type: 'task.accepted', taskId: m.taskId });
      let seq = 0;
      timer = setInterval(() => {
        if (seq < 200) client.send({ type: 'task.token', taskId: m.taskId, seq: seq++, text: ' ' });
      }, 20);
    });
    const stream = await env.gateway.dispatch(task({ maxTokens: 200 }));
    const error = await stream.result.catch((e: unknown) => e);
    clearInterval(timer);
    expect(error).toMatchObject({ reason: 'node_timeout' });
  });
});
