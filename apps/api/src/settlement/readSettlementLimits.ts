import { type Deployments, inferencePaymentAbi } from '@far/contracts';
import { type Db, spendingAuthorizations } from '@far/db';
import { and, desc, eq, gt } from 'drizzle-orm';
import type { Address, Hex, PublicClient } from 'viem';
import { smallerWei } from '../ledger/smallerWei.js';
import { readOnChainSpendingAuthorization } from '../spendingAuthorization/readOnChainSpendingAuthorization.js';
import type { UserSettlementLimit } from './planSettlementBatch.js';

/** The contract stores caps in 96 bits and clamps larger ones. */
const MAX_UINT96 = (1n << 96n) - 1n;
const READ_CONCURRENCY = 16;

/**
 * For each user, what the next batch may debit: the remaining on-chain cap — or the cap of a newer
 * authorization the user signed and the API stored, which the batch will carry — bounded by the
 * on-chain escrow balance, and nothing when the authorization expires within `expiryMarginSeconds`
 * (the batch may be mined a little after it is planned). A user no authorization can ever debit
 * again is marked `uncollectable`.
 *
 * @param db - where stored authorizations live.
 * @param publicClient - reads allowances, balances and the chain time.
 * @param deployments - where InferencePayment lives.
 * @param users - checksummed user addresses.
 * @param expiryMarginSeconds - seconds an authorization must stay valid after now.
 * @returns one limit per user address.
 */
export async function readSettlementLimits(
  db: Db,
  publicClient: PublicClient,
  deployments: Pick<Deployments, 'contracts'>,
  users: readonly Address[],
  expiryMarginSeconds: bigint,
): Promise<Map<Address, UserSettlementLimit>> {
  const payment = deployments.contracts.inferencePayment;
  const now = (await publicClient.getBlock({ blockTag: 'latest' })).timestamp;
  const readLimit = async (user: Address): Promise<UserSettlementLimit> => {
    const [{ allowance, expiry, nonce, scheduled }, balance] = await Promise.all([
      readOnChainSpendingAuthorization(publicClient, deployments, user),
      publicClient.readContract({
        address: payment,
        abi: inferencePaymentAbi,
        functionName: 'userBalances',
        args: [user],
      }),
    ]);
    const [stored] = await db
      .select()
      .from(spendingAuthorizations)
      .where(
        and(
          eq(spendingAuthorizations.walletAddress, user.toLowerCase()),
          eq(spendingAuthorizations.verifyingContract, payment.toLowerCase()),
          gt(spendingAuthorizations.nonce, nonce),
          gt(spendingAuthorizations.expiry, now + expiryMarginSeconds),
        ),
      )
      .orderBy(desc(spendingAuthorizations.nonce))
      .limit(1);

    const cap = stored === undefined ? allowance : smallerWei(stored.capWei, MAX_UINT96);
    const validUntil = stored === undefined ? expiry : stored.expiry;
    const limit: UserSettlementLimit = { limit: smallerWei(cap, balance) };
    if (stored !== undefined) {
      limit.authorization = {
        authorizationId: stored.id,
        account: user,
        cap: stored.capWei,
        expiry: stored.expiry,
        nonce: stored.nonce,
        signature: stored.signature as Hex,
      };
    }
    // The contract's own test for letting the user withdraw: no cap left, or past the expiry, and
    // no reduction scheduled to take over.
    const live = (allowance > 0n && expiry >= now) || (scheduled?.cap ?? 0n) > 0n;
    if (!live && (stored === undefined || stored.capWei === 0n)) {
      limit.uncollectable =
        expiry === 0n
          ? 'no spending authorization was ever carried on chain'
          : allowance === 0n
            ? `the spending authorization on chain has no cap left (nonce ${nonce}) and none is stored to replace it`
            : `the spending authorization on chain expired at ${expiry} and none is stored to replace it`;
    }
    if (validUntil <= now + expiryMarginSeconds) {
      limit.limit = 0n;
      limit.reason =
        expiry === 0n ? 'no spending authorization signed' : `spending authorization expired (${validUntil})`;
      delete limit.authorization;
    } else if (balance === 0n) {
      limit.reason = 'no FAR in escrow';
    } else if (cap === 0n) {
      limit.reason = 'signed cap used up; a new spending authorization is needed';
    }
    return limit;
  };
  const limits = new Map<Address, UserSettlementLimit>();
  // A few users at a time: one period may cover thousands, and public RPCs rate-limit bursts.
  for (let start = 0; start < users.length; start += READ_CONCURRENCY) {
    const chunk = users.slice(start, start + READ_CONCURRENCY);
    const read = await Promise.all(chunk.map(readLimit));
    chunk.forEach((user, index) => {
      const limit = read[index];
      if (limit !== undefined) limits.set(user, limit);
    });
  }
  return limits;
}
