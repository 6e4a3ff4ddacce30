import { decodeFunctionData, type Hex, type PublicClient } from 'viem';
import { BaseError } from '../errors/BaseError.js';
import { consoleChainAbi } from './consoleChainAbi.js';

/** How long the API waits for a reported transaction's receipt. */
const RECEIPT_TIMEOUT_MS = 30_000;

/**
 * Checks that a reported transaction is the console action it completes: mined, sent by the
 * operator's wallet, to the contract of the recorded call, calling its function with its arguments.
 *
 * @param chain The chain.
 * @param hash The reported transaction.
 * @param expected The operator's wallet and the recorded call.
 * @returns whether the transaction succeeded or reverted.
 * @throws BaseError `not_found` (not mined in time) or `conflict` (another sender, contract or call).
 * @example
 * const status = await verifyConsoleChainTransaction(chain, hash, { wallet, call });
 */
export async function verifyConsoleChainTransaction(
  chain: PublicClient,
  hash: Hex,
  expected: { wallet: string; call: { to: string; functionName: string; args: string[] } },
): Promise<'success' | 'reverted'> {
  const receipt = await chain.waitForTransactionReceipt({ hash, timeout: RECEIPT_TIMEOUT_MS }).catch(() => {
    throw new BaseError('not_found', 'No mined transaction with that hash yet');
  });
  const tx = await chain.getTransaction({ hash });
  let decoded: { functionName: string; args?: readonly unknown[] | undefined } | undefined;
  try {
    decoded = decodeFunctionData({ abi: consoleChainAbi, data: tx.input });
  } catch {
    decoded = undefined;
  }
  const { call } = expected;
  const lower = (values: readonly unknown[]) =>
    JSON.stringify(values.map((value) => String(value).toLowerCase()));
  const matches =
    tx.from.toLowerCase() === expected.wallet.toLowerCase() &&
    tx.to?.toLowerCase() === call.to.toLowerCase() &&
    decoded?.functionName === call.functionName &&
    lower(decoded.args ?? []) === lower(call.args);
  if (!matches) {
    throw new BaseError('conflict', 'That transaction is not this action (sender, contract or call differ)');
  }
  return receipt.status;
}
