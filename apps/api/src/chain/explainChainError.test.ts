import { FAR_ROLES, farStakingAbi, farTokenAbi, inferencePaymentAbi, priceFeedAbi } from '@far/contracts';
import {
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  HttpRequestError,
  parseEther,
} from 'viem';
import { describe, expect, it } from 'vitest';
import { BaseError } from '../errors/BaseError.js';
import { ChainError } from './ChainError.js';
import { explainChainError } from './explainChainError.js';

const user = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

/** What viem throws when a call reverts with `data`, decoded against `abi` (the called contract's). */
function revert(abi: readonly unknown[], data: `0x${string}`) {
  const cause = new ContractFunctionRevertedError({ abi: abi as never, data, functionName: 'settleBatch' });
  return new ContractFunctionExecutionError(cause, {
    abi: abi as never,
    functionName: 'settleBatch',
    args: [],
  });
}

describe('explainChainError', () => {
  it('explains a custom error of the called contract', () => {
    const data = encodeErrorResult({
      abi: inferencePaymentAbi,
      errorName: 'SpendingCapExceeded',
      args: [user, parseEther('2'), parseEther('0.5')],
    });
    const explained = explainChainError(revert(inferencePaymentAbi, data)) as ChainError;
    expect(explained).toBeInstanceOf(ChainError);
    expect(explained.reason).toBe('SpendingCapExceeded');
    expect(explained.message).toContain('needs 2 FAR but only 0.5 FAR of the signed cap is left');
    expect(explained.details?.args).toEqual([user, parseEther('2').toString(), parseEther('0.5').toString()]);
  });

  it("decodes the token's error bubbling up through InferencePayment", () => {
    const data = encodeErrorResult({
      abi: farTokenAbi,
      errorName: 'ERC20InsufficientAllowance',
      args: [user, 0n, parseEther('5')],
    });
    const explained = explainChainError(revert(inferencePaymentAbi, data)) as ChainError;
    expect(explained.reason).toBe('ERC20InsufficientAllowance');
    expect(explained.message).toBe(
      `Insufficient allowance: approve ${user} to spend at least 5 FAR first (approved: 0 FAR)`,
    );
  });

  it('says when a stake is not unlocked yet', () => {
    const data = encodeErrorResult({
      abi: farStakingAbi,
      errorName: 'StillLocked',
      args: [3n, 1_767_225_600n],
    });
    const explained = explainChainError(revert(farStakingAbi, data));
    expect(explained.message).toBe(
      'Stake position 3 is not unlocked yet: it unlocks at 2026-01-01T00:00:00.000Z',
    );
  });

  it("explains the price feed's guards and a missing role by its name", () => {
    const outOfBounds = encodeErrorResult({
      abi: priceFeedAbi,
      errorName: 'PriceOutOfBounds',
      args: [2_000_000_000n, 10_000n, 1_000_000_000n],
    });
    expect(explainChainError(revert(priceFeedAbi, outOfBounds)).message).toBe(
      "FAR/USD 20 is outside the feed's bounds (0.0001–10); the admin sets the bounds",
    );
    const jump = encodeErrorResult({
      abi: priceFeedAbi,
      errorName: 'PriceDeviationTooHigh',
      args: [20_000_000n, 10_000_000n, 5_000n],
    });
    expect(explainChainError(revert(priceFeedAbi, jump)).message).toBe(
      'FAR/USD 0.2 moves more than 50 % from the last answer 0.1 in one update; set it in steps',
    );
    const unauthorized = encodeErrorResult({
      abi: farStakingAbi,
      errorName: 'AccessControlUnauthorizedAccount',
      args: [user, FAR_ROLES.treasurer],
    });
    expect(explainChainError(revert(farStakingAbi, unauthorized)).message).toBe(
      `${user} lacks the role this call needs (treasurer)`,
    );
  });

  it('names an unreachable RPC instead of a revert', () => {
    const error = new HttpRequestError({ url: 'http://127.0.0.1:1', details: 'ECONNREFUSED' });
    const explained = explainChainError(error) as ChainError;
    expect(explained.reason).toBe('rpc_unreachable');
    expect(explained.status).toBe(502);
  });

  it('passes the API’s own errors through', () => {
    const own = new BaseError('conflict', 'taken');
    expect(explainChainError(own)).toBe(own);
  });
});
