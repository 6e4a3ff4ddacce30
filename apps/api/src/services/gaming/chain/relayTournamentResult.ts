import { tournamentPoolDomain, tournamentResultPrimaryType, tournamentResultTypes } from '@far/contracts';
import {
  FarcanaSdkError,
  type FarcanaSdkErrorCode,
  type SubmittedResult,
  submitResult,
} from '@far/farcana-sdk';
import {
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  recoverTypedDataAddress,
  type Transport,
  type WalletClient,
} from 'viem';
import { BaseError, type ErrorCode } from '../../../errors/BaseError.js';

const errorCodeOf: Record<FarcanaSdkErrorCode, ErrorCode> = {
  UNKNOWN_TOURNAMENT: 'not_found',
  NOT_ACCEPTING_RESULTS: 'conflict',
  NOT_GAME_SERVER: 'forbidden',
  INVALID_RANKING: 'validation_failed',
  SUBMISSION_REVERTED: 'conflict',
};

export type RelayTournamentResultDependencies = {
  chain: PublicClient;
  /** Pays the gas of the relayed transaction (the API's coordinator wallet). */
  wallet: WalletClient<Transport, Chain | undefined, Account>;
  pool: Address;
};

/**
 * Posts a ranking another game's server signed, paying the gas for it: the signature, not the caller,
 * is what the pool trusts, so the API checks exactly what the pool will (with `@far/farcana-sdk`'s
 * `checkResult`) and simulates before it spends anything. A tournament takes results once, so the gas
 * the API can be made to spend is one transaction per tournament.
 *
 * @param deps - chain client, paying wallet, pool address.
 * @param input - the tournament id, its ranking and the game server's signature.
 * @returns the transaction and when the dispute window closes.
 * @throws {BaseError} not_found (no such tournament), conflict (not taking results, or the pool refused),
 * forbidden (the signer is not its approved game server), validation_failed (the ranking).
 * @example
 * const { transactionHash } = await relayTournamentResult(deps, { tournamentId: 7n, ranking, signature });
 */
export async function relayTournamentResult(
  deps: RelayTournamentResultDependencies,
  input: { tournamentId: bigint; ranking: Address[]; signature: Hex },
): Promise<SubmittedResult> {
  const signer = await recoverTypedDataAddress({
    domain: tournamentPoolDomain(deps.wallet.chain?.id ?? (await deps.chain.getChainId()), deps.pool),
    types: tournamentResultTypes,
    primaryType: tournamentResultPrimaryType,
    message: { tournamentId: input.tournamentId, ranking: input.ranking },
    signature: input.signature,
  }).catch(() => {
    throw new BaseError('invalid_signature', 'the signature is not a valid EIP-712 signature');
  });
  try {
    return await submitResult({
      publicClient: deps.chain,
      walletClient: deps.wallet,
      pool: deps.pool,
      result: { ...input, signer },
    });
  } catch (error) {
    if (!(error instanceof FarcanaSdkError)) throw error;
    throw new BaseError(errorCodeOf[error.code], error.shortMessage, {
      details: { reason: error.code, ...(error.details ? { pool: error.details } : {}) },
    });
  }
}
