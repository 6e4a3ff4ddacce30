import {
  devAccount,
  milestoneReviewPrimaryType,
  milestoneReviewTypes,
  researchEscrowDomain,
} from '@far/contracts';
import { type Hex, numberToHex, recoverTypedDataAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { BaseError } from '../../errors/BaseError.js';
import { SECP256K1_HALF_ORDER } from './assertCanonicalSignature.js';
import { NonCanonicalSignatureError } from './NonCanonicalSignatureError.js';
import { type SignedMilestoneReview, verifyMilestoneReview } from './verifyMilestoneReview.js';

const reviewer = devAccount(5);
const escrow = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const decision = {
  chainId: 31337,
  escrow,
  proposalId: 1n,
  milestoneIndex: 0,
  deliverableHash: `0x${'ab'.repeat(32)}`,
  approved: true,
} as const;

function sign(): Promise<Hex> {
  return reviewer.signTypedData({
    domain: researchEscrowDomain(decision.chainId, decision.escrow),
    types: milestoneReviewTypes,
    primaryType: milestoneReviewPrimaryType,
    message: { ...decision, milestoneIndex: BigInt(decision.milestoneIndex) },
  });
}

/** The malleable twin of a signature: s → n − s with v flipped recovers the same signer (EIP-2). */
function highS(signature: Hex): Hex {
  const order = SECP256K1_HALF_ORDER * 2n + 1n;
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130, 132), 16);
  return `${signature.slice(0, 66)}${numberToHex(order - s, { size: 32 }).slice(2)}${(v === 27 ? 28 : 27).toString(16)}` as Hex;
}

async function refusal(review: SignedMilestoneReview) {
  return verifyMilestoneReview(review, reviewer.address).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('verifyMilestoneReview', () => {
  it("accepts the reviewer's own low-s signature of exactly this decision", async () => {
    await expect(
      verifyMilestoneReview({ ...decision, signature: await sign() }, reviewer.address),
    ).resolves.toBeUndefined();
  });

  it('refuses the high-s twin of a valid signature, although it recovers to the same reviewer', async () => {
    const malleable = highS(await sign());
    // The point of the rule: off chain the twin still names the reviewer…
    const recovered = await recoverTypedDataAddress({
      domain: researchEscrowDomain(decision.chainId, decision.escrow),
      types: milestoneReviewTypes,
      primaryType: milestoneReviewPrimaryType,
      message: { ...decision, milestoneIndex: 0n },
      signature: malleable,
    });
    expect(recovered).toBe(reviewer.address);
    // …but the escrow's ECDSA refuses it, so the API must too.
    const error = await refusal({ ...decision, signature: malleable });
    expect(error).toBeInstanceOf(NonCanonicalSignatureError);
    expect(error).toMatchObject({
      code: 'invalid_signature',
      status: 401,
      details: { field: 'signature', reason: 'signature_s_too_high' },
    });
  });

  it('refuses v of 0 or 1, which the escrow’s ecrecover turns into no signer', async () => {
    const signature = await sign();
    const yParity = Number.parseInt(signature.slice(130, 132), 16) - 27;
    const error = await refusal({
      ...decision,
      signature: `${signature.slice(0, 130)}0${yParity}` as Hex,
    });
    expect(error).toMatchObject({ details: { reason: 'signature_v_invalid' } });
  });

  it('refuses a signature that is not 65 bytes', async () => {
    const error = await refusal({ ...decision, signature: (await sign()).slice(0, 130) as Hex });
    expect(error).toMatchObject({ details: { reason: 'signature_length' } });
  });

  it('refuses the signature of another decision', async () => {
    const error = await refusal({ ...decision, approved: false, signature: await sign() });
    expect(error).toBeInstanceOf(BaseError);
    expect(error).not.toBeInstanceOf(NonCanonicalSignatureError);
    expect(error).toMatchObject({ code: 'invalid_signature' });
  });
});
