import { createWalletClient, type Hex, http, recoverTypedDataAddress, serializeSignature } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { farTokenDomain } from './farTokenDomain.js';
import { permitPrimaryType, permitTypes } from './permitTypes.js';
import { signPermit } from './signPermit.js';

const owner = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const domain = farTokenDomain(31337, '0x5FbDB2315678afecb367f032d93F642f64180aa3');
const message = {
  owner: owner.address,
  spender: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  value: 77n,
  nonce: 0n,
  deadline: 1_900_000_000n,
} as const;

describe('signPermit', () => {
  it("splits the owner's permit signature into the v, r, s the contracts recover the owner from", async () => {
    // The transport is never used: a local account signs without a node.
    const wallet = createWalletClient({ account: owner, transport: http('http://127.0.0.1:1') });
    const permit = await signPermit(wallet.signTypedData, domain, message);
    expect(permit.deadline).toBe(message.deadline);
    expect([27, 28]).toContain(permit.v);
    const signature = serializeSignature({ r: permit.r, s: permit.s, v: BigInt(permit.v) });
    const signer = await recoverTypedDataAddress({
      domain,
      types: permitTypes,
      primaryType: permitPrimaryType,
      message,
      signature,
    });
    expect(signer).toBe(owner.address);
  });

  it('turns a signature that carries the parity (0 or 1) instead of v into v = 27 or 28', async () => {
    const full = await owner.signTypedData({ domain, types: permitTypes, primaryType: 'Permit', message });
    const v = Number.parseInt(full.slice(130), 16);
    // Some hardware wallets end the signature with the y parity byte, not 27/28.
    const withParity: Hex = `0x${full.slice(2, 130)}0${v - 27}`;
    const permit = await signPermit(async () => withParity, domain, message);
    expect(permit.v).toBe(v);
  });
});
