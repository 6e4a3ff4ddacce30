import { buildNodeJoinMessage, NodeToServerMessageSchema } from '@far/protocol';
import { verifyMessage } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { buildHelloMessage } from './buildHelloMessage.js';

const challenge = {
  type: 'challenge',
  protocolVersion: 1,
  nonce: 'cd'.repeat(32),
  issuedAt: '2025-01-01T00:00:00.000Z',
} as const;

describe('buildHelloMessage', () => {
  it('signs the join message for this coordinator, node and nonce with the owner wallet', async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const hello = await buildHelloMessage({
      challenge,
      coordinatorUrl: 'http://127.0.0.1:4000',
      nodeId: 'unit-node',
      account,
      gpu: { name: 'Test GPU', vramGb: 24, kind: 'cuda' },
      engineKind: 'llama',
      models: [{ id: 'far-demo', contextLength: 256, weightsSha256: 'ab'.repeat(32) }, { id: 'other' }],
      maxConcurrency: 2,
      version: 'test',
    });
    expect(NodeToServerMessageSchema.safeParse(hello).success).toBe(true);
    expect(hello).toMatchObject({
      owner: account.address,
      engine: 'llama',
      // The weights hash goes with its model, so the coordinator can check it against the catalogue.
      models: [{ id: 'far-demo', contextLength: 256, weightsSha256: 'ab'.repeat(32) }, { id: 'other' }],
      maxConcurrency: 2,
    });
    expect('contextLength' in (hello.models[1] ?? {})).toBe(false);
    expect('weightsSha256' in (hello.models[1] ?? {})).toBe(false);
    const signed = (coordinatorUrl: string) =>
      buildNodeJoinMessage({
        coordinatorUrl,
        nodeId: 'unit-node',
        owner: account.address,
        nonce: challenge.nonce,
        issuedAt: challenge.issuedAt,
      });
    const check = (message: string) =>
      verifyMessage({ address: account.address, message, signature: hello.signature as `0x${string}` });
    expect(await check(signed('http://127.0.0.1:4000'))).toBe(true);
    expect(await check(signed('http://elsewhere:4000'))).toBe(false);
  });
});
