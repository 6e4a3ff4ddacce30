import { describe, expect, it } from 'vitest';
import type { NodeEvent } from '../nodeGateway/publishNodeEvent.js';
import {
  InferenceUpdateSchema,
  NodeLifecycleEventSchema,
  NodeMetricsSchema,
  RevenueUpdateSchema,
  WeiSchema,
} from './channels.js';

describe('WeiSchema', () => {
  it('accepts bigint and the decimal strings the bus turns bigints into, yielding bigint', () => {
    expect(WeiSchema.parse(10n ** 18n)).toBe(10n ** 18n);
    expect(
      WeiSchema.parse('115792089237316195423570985008687907853269984665640564039457584007913129639935'),
    ).toBe(2n ** 256n - 1n);
  });

  it('refuses numbers, negatives, decimals and hex: none of them is an exact wei amount', () => {
    for (const bad of [1, -1n, '-1', '1.5', '0x10', '', '1e18']) {
      expect(WeiSchema.safeParse(bad).success, String(bad)).toBe(false);
    }
  });
});

describe('channel payloads', () => {
  it('lowercases addresses so checksummed and plain forms name one room', () => {
    const parsed = RevenueUpdateSchema.parse({
      walletAddress: '0xAbCdEf0123456789aBcDeF0123456789AbCdEf01',
      streamType: 'inference_node',
      amountFarWei: '42',
      at: '2026-01-01T00:00:00.000Z',
    });
    expect(parsed.walletAddress).toBe('0xabcdef0123456789abcdef0123456789abcdef01');
    expect(parsed.amountFarWei).toBe(42n);
    expect(parsed.at).toEqual(new Date('2026-01-01T00:00:00.000Z'));
  });

  it('parses node metrics in their wire form', () => {
    const parsed = NodeMetricsSchema.parse({
      nodeId: 'node-1',
      ownerAddress: '0x0000000000000000000000000000000000000001',
      status: 'busy',
      load: 2,
      tokensPerSecond: 31.5,
      tasksCompleted: 10,
      earningsWei: '1000',
      at: new Date(0).toISOString(),
    });
    expect(parsed.earningsWei).toBe(1000n);
    expect(parsed.at.getTime()).toBe(0);
  });

  it('refuses an inference update without the owner or with a fractional seq', () => {
    const base = { taskId: 't', userId: '7d7d6a3c-5a8f-4a3e-9d0b-0d5c2b3f4e5a', seq: 0, text: 'x' };
    expect(InferenceUpdateSchema.safeParse(base).success).toBe(true);
    expect(InferenceUpdateSchema.safeParse({ ...base, userId: undefined }).success).toBe(false);
    expect(InferenceUpdateSchema.safeParse({ ...base, seq: 1.5 }).success).toBe(false);
    expect(InferenceUpdateSchema.safeParse({ ...base, finishReason: 'exploded' }).success).toBe(false);
  });
});

describe('node lifecycle events', () => {
  it('parses what the node gateway publishes on nodes:events', () => {
    // Typed as the gateway's own NodeEvent: a change there that breaks the relay fails here.
    const event: NodeEvent = {
      type: 'node.offline',
      nodeId: 'node-7',
      owner: '0x00000000000000000000000000000000000000Ab',
      at: '2026-11-30T03:00:00.000Z',
    };
    expect(NodeLifecycleEventSchema.parse(event)).toEqual({
      type: 'node.offline',
      nodeId: 'node-7',
      owner: '0x00000000000000000000000000000000000000ab',
      at: new Date('2026-11-30T03:00:00.000Z'),
    });
  });
});
