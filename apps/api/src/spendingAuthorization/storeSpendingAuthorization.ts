import { type Deployments, inferencePaymentAbi } from '@far/contracts';
import { type Db, type SpendingAuthorizationRow, spendingAuthorizations } from '@far/db';
import { type Address, getAddress, type Hex, type PublicClient, verifyTypedData } from 'viem';
import { z } from 'zod';
import { ChainError } from '../chain/ChainError.js';
import { explainChainError } from '../chain/explainChainError.js';
import { BaseError } from '../errors/BaseError.js';
import { validationError } from '../errors/toErrorResponse.js';
import { minSpendingAuthorizationValiditySeconds } from './minSpendingAuthorizationValiditySeconds.js';
import { spendingAuthorizationTypedData } from './spendingAuthorizationTypedData.js';
import type { SignedSpendingAuthorization } from './submitSpendingAuthorization.js';

const MAX_UINT256 = (1n << 256n) - 1n;
/** The contract stores nonces in 24 bits. */
const MAX_NONCE = (1n << 24n) - 1n;
/** The contract clamps expiries to 40 bits (year 36812); the database column is a signed 64-bit integer. */
const MAX_EXPIRY = (1n << 40n) - 1n;

const storeSpendingAuthorizationSchema = z.object({
  userId: z.uuid(),
  walletAddress: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
  cap: z.bigint().positive().max(MAX_UINT256),
  expiry: z.bigint().positive().max(MAX_EXPIRY),
  nonce: z.bigint().positive().max(MAX_NONCE),
  signature: z.string().regex(/^0x[0-9a-fA-F]{130,}$/, 'must be a 0x-prefixed hex signature'),
});

export type StoreSpendingAuthorizationParams = {
  userId: string;
  walletAddress: Address;
  cap: bigint;
  /** Unix seconds. */
  expiry: bigint;
  nonce: bigint;
  signature: Hex;
};

export type StoreSpendingAuthorizationOptions = {
  minValiditySeconds?: bigint | undefined;
  submit?: ((signed: SignedSpendingAuthorization) => Promise<void>) | undefined;
};

/**
 * Verifies a user's signed spending authorization against this deployment's EIP-712 domain, puts
 * it on chain when it can (`submit`), and stores it.
 * Checked here, so a bad one fails now for the user instead of later for a whole batch: the
 * signature (EOA via ecrecover, contract wallets via ERC-1271), an expiry far enough ahead for
 * charges admitted under it to be settled, and a nonce the
 * contract will still accept.
 *
 * @param db - the database.
 * @param publicClient - verifies the signature and reads the on-chain nonce and time.
 * @param deployments - chain id and InferencePayment address.
 * @param params - the signer (the caller), cap, expiry, nonce, signature.
 * @param options - `minValiditySeconds`: how long after now the expiry must be (see
 *   minSpendingAuthorizationValiditySeconds); `submit`: puts it on chain before it is stored (see
 *   submitSpendingAuthorization), so no request is admitted under an authorization the user could
 *   still overtake with another nonce. Without it, no request is admitted under the authorization
 *   (see assessSpendingAuthorization) until it is on chain: the user submits it, or a settlement
 *   batch carries it with a debit of charges admitted under an earlier one.
 * @returns the stored row.
 * @throws BaseError `invalid_signature`, `validation_failed` (expired, nonce used, or the contract
 *   refused it: expired, bad signature), `conflict` (nonce already stored or used on chain);
 *   ChainError when the chain cannot be reached.
 * @example
 * await storeSpendingAuthorization(db, publicClient, deployments, { userId, walletAddress, cap, expiry, nonce, signature });
 */
export async function storeSpendingAuthorization(
  db: Db,
  publicClient: PublicClient,
  deployments: Pick<Deployments, 'chainId' | 'contracts'>,
  params: StoreSpendingAuthorizationParams,
  options: StoreSpendingAuthorizationOptions = {},
): Promise<SpendingAuthorizationRow> {
  const minValiditySeconds = options.minValiditySeconds ?? minSpendingAuthorizationValiditySeconds();
  const parsed = storeSpendingAuthorizationSchema.safeParse(params);
  if (!parsed.success) throw validationError(parsed.error, 'spendingAuthorization');
  const p = parsed.data;
  const user = getAddress(p.walletAddress);
  const payment = deployments.contracts.inferencePayment;
  const typedData = spendingAuthorizationTypedData(deployments, {
    user,
    cap: p.cap,
    expiry: p.expiry,
    nonce: p.nonce,
  });

  let onChainNonce: bigint;
  let now: bigint;
  let valid: boolean;
  try {
    [[, , onChainNonce], now, valid] = await Promise.all([
      publicClient.readContract({
        address: payment,
        abi: inferencePaymentAbi,
        functionName: 'spendingAuthorizationOf',
        args: [user],
      }),
      publicClient.getBlock({ blockTag: 'latest' }).then((b) => b.timestamp),
      // The public client's verifyTypedData also accepts ERC-1271 smart-contract wallets, as the contract does.
      publicClient
        .verifyTypedData({ ...typedData, address: user, signature: p.signature as Hex })
        .catch(() => verifyTypedData({ ...typedData, address: user, signature: p.signature as Hex })),
    ]);
  } catch (error) {
    throw explainChainError(error);
  }
  if (!valid) {
    throw new BaseError(
      'invalid_signature',
      `The signature is not ${user}'s signature of this spending authorization`,
    );
  }
  // One that ends sooner could not settle what is admitted against it before the user may withdraw.
  if (p.expiry < now + minValiditySeconds) {
    throw new BaseError(
      'validation_failed',
      `expiry: ${p.expiry} is less than ${minValiditySeconds} s after chain time ${now}, too soon for charges admitted under it to be settled`,
      {
        details: {
          fields: [{ field: 'expiry', message: `must be at least ${now + minValiditySeconds}` }],
        },
      },
    );
  }
  if (p.nonce <= onChainNonce) {
    throw new BaseError('validation_failed', `nonce: must be above the on-chain nonce ${onChainNonce}`, {
      details: { fields: [{ field: 'nonce', message: `must be greater than ${onChainNonce}` }] },
    });
  }
  try {
    await options.submit?.({
      authorization: { user, cap: p.cap, expiry: p.expiry, nonce: p.nonce },
      signature: p.signature as Hex,
    });
  } catch (error) {
    throw refusedByContract(error) ?? error;
  }
  const [row] = await db
    .insert(spendingAuthorizations)
    .values({
      userId: p.userId,
      walletAddress: user.toLowerCase(),
      capWei: p.cap,
      expiry: p.expiry,
      nonce: p.nonce,
      signature: p.signature,
      chainId: deployments.chainId,
      verifyingContract: payment.toLowerCase(),
    })
    .onConflictDoNothing()
    .returning();
  if (row === undefined) {
    throw new BaseError(
      'conflict',
      `A spending authorization with nonce ${p.nonce} is already stored; sign one with the next nonce`,
    );
  }
  return row;
}

/**
 * The contract refusing the authorization itself is the caller's to fix (4xx naming the contract
 * error), not an outage: the checks above can be overtaken (another nonce landing meanwhile, the
 * expiry passing, a contract wallet changing its ERC-1271 answer).
 */
function refusedByContract(error: unknown): BaseError | undefined {
  if (!(error instanceof ChainError)) return undefined;
  const message = `The contract refused this spending authorization (${error.reason}): ${error.message}`;
  const details = { details: { contractError: error.reason } };
  if (error.reason === 'AuthorizationNonceUsed') return new BaseError('conflict', message, details);
  if (
    error.reason === 'AuthorizationExpired' ||
    error.reason === 'AuthorizationNonceTooLarge' ||
    error.reason === 'InvalidAuthorizationSignature'
  )
    return new BaseError('validation_failed', message, details);
  return undefined;
}
