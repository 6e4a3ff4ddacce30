import { FAR_ROLES, farStakingAbi, farTokenAbi, inferencePaymentAbi, priceFeedAbi } from '@far/contracts';
import {
  type Abi,
  ContractFunctionRevertedError,
  decodeErrorResult,
  formatUnits,
  type Hex,
  HttpRequestError,
  InsufficientFundsError,
  isHex,
  RpcRequestError,
  TimeoutError,
  UserRejectedRequestError,
  BaseError as ViemBaseError,
} from 'viem';
import { BaseError } from '../errors/BaseError.js';
import { ChainError } from './ChainError.js';

/** Every custom error our contracts (and the token they call) can revert with, for decoding. */
const contractErrorsAbi = [...inferencePaymentAbi, ...farStakingAbi, ...farTokenAbi, ...priceFeedAbi].filter(
  (item) => item.type === 'error',
) as Abi;

/** The name of an AccessControl role id (FAR_ROLES), or the id itself. */
const roleName = (role: unknown) =>
  Object.entries(FAR_ROLES).find(([, id]) => id === role)?.[0] ?? String(role);
const far = (wei: unknown) => `${formatUnits(BigInt(wei as bigint), 18)} FAR`;
const when = (seconds: unknown) => new Date(Number(seconds as bigint) * 1000).toISOString();

/** Human messages for the contracts' custom errors, by name; arguments as decoded. */
const explanations: Record<string, (args: readonly unknown[]) => string> = {
  ERC20InsufficientAllowance: ([spender, allowance, needed]) =>
    `Insufficient allowance: approve ${spender} to spend at least ${far(needed)} first (approved: ${far(allowance)})`,
  ERC20InsufficientBalance: ([sender, balance, needed]) =>
    `Insufficient FAR in wallet ${sender}: needs ${far(needed)}, holds ${far(balance)}`,
  InsufficientBalance: ([user, requested, available]) =>
    `Insufficient deposited balance for ${user}: requested ${far(requested)}, available ${far(available)}`,
  SpendingCapExceeded: ([user, requested, allowance]) =>
    `Spending cap exceeded for ${user}: this settlement needs ${far(requested)} but only ${far(allowance)} of the signed cap is left; sign a new spending authorization`,
  SpendingAuthorizationActive: ([, expiry]) =>
    `Withdrawals are blocked while your spending authorization is active (until ${when(expiry)}): revoke it first, then withdraw after the grace period`,
  AuthorizationExpired: ([user, expiry]) =>
    `The spending authorization of ${user} expired at ${when(expiry)}; sign a new one`,
  AuthorizationNonceUsed: ([user, nonce, currentNonce]) =>
    `Spending authorization nonce ${nonce} for ${user} is already used (current nonce ${currentNonce}); sign one with a higher nonce`,
  InvalidAuthorizationSignature: ([user]) => `The spending authorization signature does not match ${user}`,
  StillLocked: ([positionId, unlockAt]) =>
    `Stake position ${positionId} is not unlocked yet: it unlocks at ${when(unlockAt)}`,
  InsufficientStake: ([positionId, requested, staked]) =>
    `Stake position ${positionId} holds ${far(staked)}, less than the ${far(requested)} requested`,
  PositionNotFound: ([user, positionId]) => `${user} has no stake position ${positionId}`,
  NothingToClaim: () => 'There are no staking rewards to claim yet',
  InvalidLockTier: ([lockTier]) => `Lock tier ${lockTier} does not exist (use 0–4)`,
  EnforcedPause: () =>
    'Paused by an operator: deposits, settlement and new stakes are refused for now (withdrawals, unstaking and claiming still work)',
  PriceOutOfBounds: ([answer, minAnswer, maxAnswer]) =>
    `FAR/USD ${formatUnits(BigInt(answer as bigint), 8)} is outside the feed's bounds (${formatUnits(BigInt(minAnswer as bigint), 8)}–${formatUnits(BigInt(maxAnswer as bigint), 8)}); the admin sets the bounds`,
  PriceDeviationTooHigh: ([answer, lastAnswer, maxDeviationBps]) =>
    `FAR/USD ${formatUnits(BigInt(answer as bigint), 8)} moves more than ${Number(maxDeviationBps) / 100} % from the last answer ${formatUnits(BigInt(lastAnswer as bigint), 8)} in one update; set it in steps`,
  InsufficientReserve: ([requested, available]) =>
    `The staking reward reserve holds ${far(available)}, less than ${far(requested)}`,
  InsufficientCredit: ([node, requested, available]) =>
    `Node ${node} has ${far(available)} of earnings to withdraw, less than the ${far(requested)} requested`,
  NothingToWithdraw: () => 'There is nothing to withdraw',
  NodeNotActive: ([node]) =>
    `Node payout address ${node} is not registered (or was suspended) on InferencePayment`,
  NodeAlreadyActive: ([node]) => `Node payout address ${node} is already registered`,
  InvalidBatchId: ([expected, provided]) =>
    `Settlement batch ${provided} is out of sequence: the contract expects batch ${expected}`,
  BatchUnbalanced: ([debited, credited]) =>
    `Settlement batch does not balance: debits ${far(debited)} but credits ${far(credited)}`,
  NodeShareTooHigh: ([nodesCredited, totalDebited]) =>
    `Settlement batch credits nodes ${far(nodesCredited)} of ${far(totalDebited)}, above the 66% maximum`,
  StalePrice: ([updatedAt, maxAge]) =>
    `The FAR/USD price is stale: last updated ${when(updatedAt)}, older than ${maxAge} seconds`,
  InvalidPrice: ([answer]) => `The FAR/USD price feed returned an invalid answer (${answer})`,
  ZeroAmount: () => 'The amount must be greater than zero',
  ZeroAddress: () => 'An address argument is the zero address',
  AccessControlUnauthorizedAccount: ([account, role]) =>
    `${account} lacks the role this call needs (${roleName(role)})`,
  OwnableUnauthorizedAccount: ([account]) => `${account} is not the contract owner`,
  ERC2612ExpiredSignature: ([deadline]) => `The permit signature expired at ${when(deadline)}`,
  ERC2612InvalidSigner: ([signer, owner]) => `The permit was signed by ${signer}, not by the owner ${owner}`,
  TaskNotOpen: ([taskId]) => `Task ${taskId} is not open`,
  TaskAlreadyExists: ([taskId]) => `Task ${taskId} already exists`,
  TaskNotExpired: ([taskId, refundableAt]) => `Task ${taskId} can be refunded from ${when(refundableAt)}`,
};

type DecodedRevert = { errorName: string; args: readonly unknown[] };

function decodeRevertData(data: Hex): DecodedRevert | undefined {
  try {
    const decoded = decodeErrorResult({ abi: contractErrorsAbi, data });
    return { errorName: decoded.errorName, args: (decoded.args ?? []) as readonly unknown[] };
  } catch {
    return undefined;
  }
}

/** Finds revert data anywhere in a viem error chain and decodes it with all our contracts' ABIs. */
function findRevert(error: ViemBaseError): DecodedRevert | { reason: string } | undefined {
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError) as
    | ContractFunctionRevertedError
    | undefined;
  if (reverted?.data?.errorName !== undefined && reverted.data.errorName !== 'Error') {
    return { errorName: reverted.data.errorName, args: (reverted.data.args ?? []) as readonly unknown[] };
  }
  if (reverted?.raw !== undefined) {
    const decoded = decodeRevertData(reverted.raw);
    if (decoded !== undefined) return decoded;
  }
  // Raw RPC errors (estimateGas, sendTransaction) carry the revert bytes as `data`.
  const withData = error.walk((e) => {
    const data = (e as { data?: unknown }).data;
    return (isHex(data) && data.length >= 10) || isHex((data as { data?: unknown } | undefined)?.data);
  }) as { data?: Hex | { data?: Hex } } | null;
  const raw = typeof withData?.data === 'string' ? withData.data : withData?.data?.data;
  if (raw !== undefined) {
    const decoded = decodeRevertData(raw);
    if (decoded !== undefined) return decoded;
  }
  if (reverted?.reason !== undefined) return { reason: reverted.reason };
  return undefined;
}

/**
 * Turns whatever a chain call threw into a {@link ChainError} a person can act on: a contract's
 * custom error (decoded with the FAR contracts' ABIs, including the token's ERC-20 errors) becomes
 * a sentence such as "Insufficient allowance: approve … first"; transport failures become
 * `rpc_unreachable`. The API's own errors pass through unchanged.
 *
 * @param error - anything caught around a viem call.
 * @returns the error to throw or log; `reason` names the custom error.
 * @example
 * try { await walletClient.writeContract(request) } catch (e) { throw explainChainError(e) }
 */
export function explainChainError(error: unknown): BaseError {
  if (error instanceof BaseError) return error;
  if (!(error instanceof ViemBaseError)) {
    const message = error instanceof Error ? error.message : String(error);
    return new ChainError('unknown', `Chain request failed: ${message}`, { cause: error });
  }
  const revert = findRevert(error);
  if (revert !== undefined && 'errorName' in revert) {
    const explain = explanations[revert.errorName];
    const message = explain
      ? explain(revert.args)
      : `The contract reverted with ${revert.errorName}(${revert.args.map(String).join(', ')})`;
    return new ChainError(revert.errorName, message, { cause: error, args: revert.args });
  }
  if (revert !== undefined) {
    return new ChainError('reverted', `The contract reverted: ${revert.reason}`, { cause: error });
  }
  if (error.walk((e) => e instanceof InsufficientFundsError)) {
    return new ChainError(
      'insufficient_funds',
      'The sending account cannot pay for gas: fund it with the chain’s native coin (BNB)',
      { cause: error },
    );
  }
  if (error.walk((e) => e instanceof UserRejectedRequestError)) {
    return new ChainError('user_rejected', 'The wallet rejected the request', { cause: error });
  }
  if (error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError)) {
    return new ChainError('rpc_unreachable', 'The chain RPC did not answer; try again shortly', {
      cause: error,
    });
  }
  if (error.walk((e) => e instanceof RpcRequestError)) {
    return new ChainError('rpc_error', `The chain RPC refused the request: ${error.shortMessage}`, {
      cause: error,
    });
  }
  return new ChainError('unknown', `Chain request failed: ${error.shortMessage}`, { cause: error });
}
