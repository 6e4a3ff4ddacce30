import {
  adminActionDomain,
  adminActionParamsHash,
  adminActionPrimaryType,
  adminActionTypes,
} from '@far/contracts';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import type { NonceStore } from '../auth/nonceStore.js';
import { verifyFreshAdminSignature } from './verifyFreshAdminSignature.js';

/** Nonces as a set: issued ones are consumable once. */
function memoryNonces(issued: string[]): NonceStore {
  const live = new Set(issued);
  return {
    issue: async () => ({ nonce: 'unused', expiresAt: new Date() }),
    consume: async (nonce) => live.delete(nonce),
  };
}

const operator = privateKeyToAccount(generatePrivateKey());
const NOW = 1_800_000_000;
const params = { amountWei: '1000' };

async function sign(overrides: { issuedAt?: number; nonce?: string; reason?: string } = {}) {
  const issuedAt = overrides.issuedAt ?? NOW;
  const nonce = overrides.nonce ?? 'nonce-0001';
  const signature = await operator.signTypedData({
    domain: adminActionDomain(31337),
    types: adminActionTypes,
    primaryType: adminActionPrimaryType,
    message: {
      action: 'staking.fundReserve',
      target: 'farStaking',
      paramsHash: adminActionParamsHash(params),
      reason: overrides.reason ?? 'top up the reserve',
      nonce,
      issuedAt: BigInt(issuedAt),
    },
  });
  return { signature, nonce, issuedAt };
}

function verify(
  signed: Awaited<ReturnType<typeof sign>>,
  nonces: NonceStore,
  extra: { chainId?: number } = {},
) {
  return verifyFreshAdminSignature({
    nonces,
    chainId: extra.chainId ?? 31337,
    wallet: operator.address,
    action: 'staking.fundReserve',
    target: 'farStaking',
    params,
    reason: 'top up the reserve',
    signed,
    now: NOW + 60,
  });
}

describe('verifyFreshAdminSignature', () => {
  it('accepts a signature made for this action within five minutes, once', async () => {
    const nonces = memoryNonces(['nonce-0001']);
    const signed = await sign();
    await expect(verify(signed, nonces)).resolves.toBeUndefined();
    await expect(verify(signed, nonces)).rejects.toMatchObject({ code: 'invalid_nonce' });
  });

  it('refuses a stale signature, one from the future, another reason, another chain, an unknown nonce', async () => {
    const nonces = memoryNonces(['nonce-0001', 'nonce-0002']);
    await expect(verify(await sign({ issuedAt: NOW - 300 }), nonces)).rejects.toMatchObject({
      code: 'invalid_signature',
    });
    await expect(verify(await sign({ issuedAt: NOW + 600 }), nonces)).rejects.toMatchObject({
      code: 'invalid_signature',
    });
    await expect(verify(await sign({ reason: 'something else' }), nonces)).rejects.toMatchObject({
      code: 'invalid_signature',
    });
    await expect(verify(await sign(), nonces, { chainId: 56 })).rejects.toMatchObject({
      code: 'invalid_signature',
    });
    await expect(verify(await sign({ nonce: 'never-issued' }), nonces)).rejects.toMatchObject({
      code: 'invalid_nonce',
    });
    // None of the refused signatures spent a good nonce.
    await expect(verify(await sign({ nonce: 'nonce-0002' }), nonces)).resolves.toBeUndefined();
  });
});
