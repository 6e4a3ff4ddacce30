import { tournamentPoolAbi } from '@far/contracts';
import {
  type Account,
  type Address,
  BaseError,
  type Chain,
  ContractFunctionRevertedError,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { checkResult } from './checkResult.js';
import { FarcanaSdkError } from './FarcanaSdkError.js';
import type { SignedResult } from './signResult.js';

export type SubmitResultParameters = {
  publicClient: PublicClient;
  /** Pays the gas; any account may send a result, the signature is what the pool checks. */
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  pool: Address;
  result: SignedResult;
};

/** The posted result: its transaction and when winners may claim if nobody disputes it. */
export type SubmittedResult = { transactionHash: Hex; disputeEndsAt: Date };

/**
 * Posts a signed result to the pool on chain, after `checkResult` and a simulation, and waits for it.
 * Opens the tournament's dispute window; winners claim when it closes.
 *
 * @param parameters - clients, the pool, the signed result.
 * @returns the transaction hash and the end of the dispute window.
 * @throws {FarcanaSdkError} what `checkResult` throws; SUBMISSION_REVERTED when the pool refuses anyway
 * (its error name in `details`).
 * @example
 * const { disputeEndsAt } = await submitResult({ publicClient, walletClient, pool, result });
 */
export async function submitResult(parameters: SubmitResultParameters): Promise<SubmittedResult> {
  const { publicClient, walletClient, pool, result } = parameters;
  await checkResult(publicClient, pool, result);
  const args = [result.tournamentId, result.ranking, result.signature] as const;
  let transactionHash: Hex;
  try {
    const { request } = await publicClient.simulateContract({
      account: walletClient.account,
      address: pool,
      abi: tournamentPoolAbi,
      functionName: 'submitResults',
      args,
    });
    transactionHash = await walletClient.writeContract(request);
    const receipt = await publicClient.waitForTransactionReceipt({ hash: transactionHash });
    if (receipt.status !== 'success')
      throw new FarcanaSdkError('SUBMISSION_REVERTED', `${transactionHash} reverted`);
  } catch (error) {
    if (error instanceof FarcanaSdkError) throw error;
    throw new FarcanaSdkError('SUBMISSION_REVERTED', 'the pool refused the result', {
      cause: error,
      details: revertName(error),
    });
  }
  const tournament = await publicClient.readContract({
    address: pool,
    abi: tournamentPoolAbi,
    functionName: 'getTournament',
    args: [result.tournamentId],
  });
  return { transactionHash, disputeEndsAt: new Date(tournament.disputeEndsAt * 1000) };
}

/** The custom error a call reverted with, as viem decoded it against the pool's ABI. */
function revertName(error: unknown): string | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  return reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : error.shortMessage;
}
