import { verifyMessage } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { buildNodeJoinMessage, toCoordinatorOrigin } from './buildNodeJoinMessage.js';

const params = {
  coordinatorUrl: 'ws://127.0.0.1:8080/v1/nodes/connect',
  nodeId: 'node-1',
  owner: '0xAbCdEf0123456789abcdef0123456789ABCDEF01',
  nonce: 'a'.repeat(64),
  issuedAt: '2026-01-01T00:00:00.000Z',
};

describe('buildNodeJoinMessage', () => {
  it('names the coordinator origin, node, lower-cased owner, nonce, time and protocol version', () => {
    expect(buildNodeJoinMessage(params)).toBe(
      [
        'Far Labs node join',
        'Coordinator: http://127.0.0.1:8080',
        'Node ID: node-1',
        'Owner: 0xabcdef0123456789abcdef0123456789abcdef01',
        `Nonce: ${'a'.repeat(64)}`,
        'Issued At: 2026-01-01T00:00:00.000Z',
        'Protocol: 2',
      ].join('\n'),
    );
  });

  it('gives the same text for the ws and http spellings of one coordinator', () => {
    expect(buildNodeJoinMessage(params)).toBe(
      buildNodeJoinMessage({ ...params, coordinatorUrl: 'http://127.0.0.1:8080' }),
    );
    expect(toCoordinatorOrigin('wss://API.far.ai:443/x')).toBe('https://api.far.ai');
  });

  it('differs per coordinator so a signature cannot be replayed elsewhere', () => {
    expect(buildNodeJoinMessage(params)).not.toBe(
      buildNodeJoinMessage({ ...params, coordinatorUrl: 'ws://127.0.0.1:8081' }),
    );
  });

  it('rejects non-http(s)/ws(s) coordinators', () => {
    expect(() => toCoordinatorOrigin('ftp://x')).toThrow(/http\(s\) or ws\(s\)/);
  });

  it('round-trips through EIP-191 personal_sign and verifyMessage', async () => {
    const account = privateKeyToAccount(`0x${'11'.repeat(32)}`);
    const message = buildNodeJoinMessage({ ...params, owner: account.address });
    const signature = await account.signMessage({ message });
    expect(await verifyMessage({ address: account.address, message, signature })).toBe(true);
  });
});
