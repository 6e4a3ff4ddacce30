import { describe, expect, it } from 'vitest';
import { decodeNodeWireMessage } from './decodeNodeWireMessage.js';
import { NODE_PROTOCOL_LIMITS } from './nodeProtocolLimits.js';
import { NodeToServerMessageSchema } from './nodeToServerMessage.js';
import { ServerToNodeMessageSchema } from './serverToNodeMessage.js';

const hello = {
  type: 'hello',
  protocolVersion: 1,
  nodeId: 'node-1',
  owner: `0x${'ab'.repeat(20)}`,
  signature: `0x${'cd'.repeat(65)}`,
  gpu: { name: 'NVIDIA H100', vramGb: 80, kind: 'cuda' },
  engine: 'llama',
  models: [{ id: 'far-demo', contextLength: 512 }],
  maxConcurrency: 2,
  version: '0.1.0',
};

const assign = {
  type: 'task.assign',
  taskId: 't-1',
  model: 'far-demo',
  prompt: 'hello',
  maxTokens: 16,
  temperature: 0.7,
};

describe('node wire messages', () => {
  it('accepts a well-formed hello and task stream', () => {
    for (const m of [
      hello,
      {
        type: 'heartbeat',
        load: 1,
        tokensPerSecond: 12.5,
        tasksCompleted: 3,
        tokensGenerated: 99,
        uptimeSeconds: 10,
      },
      { type: 'task.accepted', taskId: 't-1' },
      { type: 'task.token', taskId: 't-1', seq: 0, text: ' Hello' },
      {
        type: 'task.done',
        taskId: 't-1',
        usage: { promptTokens: 3, completionTokens: 1 },
        finishReason: 'stop',
      },
      { type: 'task.error', taskId: 't-1', code: 'model_not_found', message: 'no such model' },
      { type: 'drain' },
    ]) {
      const r = decodeNodeWireMessage(NodeToServerMessageSchema, JSON.stringify(m));
      expect(r, JSON.stringify(m)).toMatchObject({ ok: true, message: m });
    }
  });

  it('rejects non-JSON, unknown types and unknown fields with a reason', () => {
    expect(decodeNodeWireMessage(NodeToServerMessageSchema, '{nope')).toEqual({
      ok: false,
      reason: 'frame is not JSON',
    });
    expect(decodeNodeWireMessage(NodeToServerMessageSchema, '{"type":"steal"}').ok).toBe(false);
    const extra = decodeNodeWireMessage(NodeToServerMessageSchema, JSON.stringify({ ...hello, admin: true }));
    expect(extra.ok).toBe(false);
  });

  it('accepts a model announced with its weights hash', () => {
    const announced = { ...hello, models: [{ id: 'far-demo', weightsSha256: 'ab'.repeat(32) }] };
    expect(decodeNodeWireMessage(NodeToServerMessageSchema, JSON.stringify(announced)).ok).toBe(true);
  });

  it('bounds every field of hello', () => {
    const bad = [
      { ...hello, nodeId: 'x'.repeat(NODE_PROTOCOL_LIMITS.maxNodeIdLength + 1) },
      { ...hello, nodeId: 'has space' },
      { ...hello, owner: '0x1234' },
      { ...hello, signature: '0x00' },
      { ...hello, maxConcurrency: 0 },
      { ...hello, maxConcurrency: NODE_PROTOCOL_LIMITS.maxConcurrency + 1 },
      { ...hello, models: [] },
      { ...hello, models: [{ id: 'a' }, { id: 'a' }] },
      {
        ...hello,
        models: Array.from({ length: NODE_PROTOCOL_LIMITS.maxModels + 1 }, (_, i) => ({ id: `m${i}` })),
      },
      { ...hello, gpu: { ...hello.gpu, vramGb: -1 } },
      { ...hello, gpu: { ...hello.gpu, kind: 'tpu' } },
      // Text the coordinator stores must be text Postgres can store.
      { ...hello, gpu: { ...hello.gpu, name: 'H100\u0000' } },
      { ...hello, version: '1.0\ud800' },
      { ...hello, engine: 'pytorch' },
      // A weights hash is 64 lowercase hex digits.
      { ...hello, models: [{ id: 'a', weightsSha256: 'abc' }] },
      { ...hello, models: [{ id: 'a', weightsSha256: 'A'.repeat(64) }] },
    ];
    for (const m of bad) {
      expect(decodeNodeWireMessage(NodeToServerMessageSchema, JSON.stringify(m)).ok, JSON.stringify(m)).toBe(
        false,
      );
    }
  });

  it('names the failing field in the reason', () => {
    const r = decodeNodeWireMessage(
      NodeToServerMessageSchema,
      JSON.stringify({ ...hello, maxConcurrency: -1 }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^maxConcurrency:/);
  });

  it('requires exactly one of messages or prompt in task.assign', () => {
    const ok = decodeNodeWireMessage(ServerToNodeMessageSchema, JSON.stringify(assign));
    expect(ok.ok).toBe(true);
    const chat = { ...assign, prompt: undefined, messages: [{ role: 'user', content: 'hi' }] };
    expect(decodeNodeWireMessage(ServerToNodeMessageSchema, JSON.stringify(chat)).ok).toBe(true);
    const both = { ...chat, prompt: 'x' };
    expect(decodeNodeWireMessage(ServerToNodeMessageSchema, JSON.stringify(both)).ok).toBe(false);
    const neither = { ...assign, prompt: undefined };
    expect(decodeNodeWireMessage(ServerToNodeMessageSchema, JSON.stringify(neither)).ok).toBe(false);
  });

  it('bounds task.assign numbers and stop sequences', () => {
    for (const patch of [
      { maxTokens: 0 },
      { maxTokens: NODE_PROTOCOL_LIMITS.maxTokens + 1 },
      { temperature: 3 },
      { seed: -1 },
      { stop: Array.from({ length: NODE_PROTOCOL_LIMITS.maxStopSequences + 1 }, () => 'x') },
    ]) {
      expect(
        decodeNodeWireMessage(ServerToNodeMessageSchema, JSON.stringify({ ...assign, ...patch })).ok,
      ).toBe(false);
    }
  });

  it('carries earnings as a decimal wei string, never a float', () => {
    const welcome = {
      type: 'welcome',
      nodeId: 'n',
      heartbeatIntervalMs: 5000,
      earningsWei: '1000000000000000000',
    };
    expect(decodeNodeWireMessage(ServerToNodeMessageSchema, JSON.stringify(welcome)).ok).toBe(true);
    expect(
      decodeNodeWireMessage(ServerToNodeMessageSchema, JSON.stringify({ ...welcome, earningsWei: '1.5' })).ok,
    ).toBe(false);
  });

  it('decodes frames given as bytes', () => {
    const r = decodeNodeWireMessage(
      NodeToServerMessageSchema,
      Buffer.from(JSON.stringify({ type: 'drain' })),
    );
    expect(r).toEqual({ ok: true, message: { type: 'drain' } });
  });
});
