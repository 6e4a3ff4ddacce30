import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  type Hex,
  parseEther,
  parseEventLogs,
  type TransactionReceipt,
  toFunctionSelector,
} from 'viem';
import { expect } from 'vitest';
import { farStakingAbi } from '../src/abi/farStakingAbi.js';
import { farTokenAbi } from '../src/abi/farTokenAbi.js';
import { inferencePaymentAbi } from '../src/abi/inferencePaymentAbi.js';
import { priceFeedAbi } from '../src/abi/priceFeedAbi.js';
import { type DeployContractsParameters, deployContracts } from '../src/deployContracts.js';
import { createInProcessChain, type InProcessChain } from '../src/testing/createInProcessChain.js';

export type Fixture = Awaited<ReturnType<typeof deployFixture>>;

/**
 * A fresh deployment on the in-process chain: account 0 deploys and administers, account 1 is the
 * coordinator (ORACLE), account 2 the treasury; accounts 3+ are users and nodes, each holding 1M FAR.
 */
export async function deployFixture(
  options: Partial<Omit<DeployContractsParameters, 'walletClient' | 'publicClient'>> = {},
  chain?: InProcessChain,
) {
  const c = chain ?? (await createInProcessChain());
  const [admin, coordinator, treasury, ...others] = c.accounts as [Address, Address, Address, ...Address[]];
  const deployed = await deployContracts({
    walletClient: c.walletFor(admin),
    publicClient: c.publicClient,
    coordinator,
    treasury,
    ...options,
  });
  const users = others.slice(0, 17) as Address[];
  const write = async (
    from: Address,
    request: Parameters<ReturnType<InProcessChain['walletFor']>['writeContract']>[0],
  ) => {
    const hash = await c.walletFor(from).writeContract(request);
    return c.publicClient.waitForTransactionReceipt({ hash });
  };
  const token = { address: deployed.farToken, abi: farTokenAbi } as const;
  const staking = { address: deployed.farStaking, abi: farStakingAbi } as const;
  const payment = { address: deployed.inferencePayment, abi: inferencePaymentAbi } as const;
  const feed = { address: deployed.priceFeed, abi: priceFeedAbi } as const;
  for (const user of users) {
    await write(admin, { ...token, functionName: 'transfer', args: [user, parseEther('1000000')] } as never);
  }
  const read = c.publicClient.readContract;
  const balanceOf = (account: Address) => read({ ...token, functionName: 'balanceOf', args: [account] });
  const approve = (owner: Address, spender: Address, amount: bigint) =>
    write(owner, { ...token, functionName: 'approve', args: [spender, amount] } as never);
  /** Pins the next block's timestamp so reward maths in assertions are exact. */
  const at = async (timestamp: bigint) => c.setNextBlockTimestamp(timestamp);
  /** The i-th funded user account (throws rather than returning undefined). */
  const user = (i: number): Address => {
    const account = users[i];
    if (!account) throw new Error(`no user account ${i}`);
    return account;
  };
  return {
    chain: c,
    user,
    deployed,
    admin,
    coordinator,
    treasury,
    users,
    token,
    staking,
    payment,
    feed,
    write,
    read,
    balanceOf,
    approve,
    at,
  };
}

/**
 * The custom error (or reason string) a transaction reverted with. eth_call reverts are decoded by viem;
 * Hardhat reports eth_sendTransaction reverts only in its message, so fall back to parsing that.
 */
export function revertNameOf(error: unknown): string | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName)
    return reverted.data.errorName;
  const text = `${error.message} ${error.details ?? ''}`;
  const custom = /reverted with custom error '(\w+)\(/.exec(text);
  if (custom) return custom[1];
  const reason = /reverted with reason string '([^']*)'/.exec(text);
  if (reason) return reason[1];
  if (/reverted with panic code/.test(text)) return 'Panic';
  if (/reverted without a reason/.test(text)) return 'RevertWithoutReason';
  return undefined;
}

/** Asserts that `action` reverts with the custom error `errorName`; returns the raw message for more checks. */
export async function expectRevert(action: Promise<unknown>, errorName: string): Promise<string> {
  let caught: unknown;
  try {
    await action;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a revert with ${errorName}`).toBeDefined();
  expect(revertNameOf(caught), String(caught)).toBe(errorName);
  return String(caught);
}

export const taskId = (n: number | bigint): Hex => `0x${BigInt(n).toString(16).padStart(64, '0')}`;

const errorNamesBySelector = new Map(
  inferencePaymentAbi
    .filter((item) => item.type === 'error')
    .map((item) => [
      toFunctionSelector(`${item.name}(${item.inputs.map((input) => input.type).join(',')})`),
      item.name,
    ]),
);

/** The authorizations a settleBatch skipped, with the name of the error that made it skip each. */
export function skippedAuthorizations(receipt: TransactionReceipt) {
  return parseEventLogs({
    abi: inferencePaymentAbi,
    eventName: 'SpendingAuthorizationSkipped',
    logs: receipt.logs,
  }).map(({ args }) => ({
    user: args.user,
    nonce: args.nonce,
    reason: errorNamesBySelector.get(args.reason) ?? args.reason,
  }));
}
