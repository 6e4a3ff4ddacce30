import {
  type Abi,
  type Address,
  BaseError,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type ContractFunctionParameters,
  ContractFunctionRevertedError,
  type Hex,
  parseEther,
  parseEventLogs,
  type TransactionReceipt,
  toFunctionSelector,
  type WriteContractParameters,
} from 'viem';
import { expect } from 'vitest';
import { farStakingAbi } from '../../src/abi/farStakingAbi.js';
import { farTokenAbi } from '../../src/abi/farTokenAbi.js';
import { inferencePaymentAbi } from '../../src/abi/inferencePaymentAbi.js';
import { priceFeedAbi } from '../../src/abi/priceFeedAbi.js';
import { type DeployContractsParameters, deployContracts } from '../../src/deployContracts.js';
import { createInProcessChain, type InProcessChain } from '../../src/testing/createInProcessChain.js';

export type Fixture = Awaited<ReturnType<typeof deployFixture>>;

type WriteMutability = 'nonpayable' | 'payable';

/** The names of the functions of `abi` that change state (what `write` may call). */
export type WriteFunctionName<abi extends Abi> = ContractFunctionName<abi, WriteMutability>;

/** The arguments of the state-changing function `functionName` of `abi`, as a tuple. */
export type WriteArgs<abi extends Abi, functionName extends WriteFunctionName<abi>> = ContractFunctionArgs<
  abi,
  WriteMutability,
  functionName
>;

/**
 * One state-changing call of a contract, typed from its ABI: a misspelt function name or a wrong
 * argument is a compile error in the test, not a revert at run time.
 */
export type WriteRequest<
  abi extends Abi,
  functionName extends WriteFunctionName<abi>,
  args extends WriteArgs<abi, functionName> = WriteArgs<abi, functionName>,
> = ContractFunctionParameters<abi, WriteMutability, functionName, args> & {
  address: Address;
  gas?: bigint;
};

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
  /** Sends `request` from the unlocked account `from` and waits for its receipt. */
  const write = async <
    const abi extends Abi,
    functionName extends WriteFunctionName<abi>,
    const args extends WriteArgs<abi, functionName>,
  >(
    from: Address,
    request: WriteRequest<abi, functionName, args>,
  ) => {
    // The request was checked against its ABI above; viem's writeContract generics also bind the
    // wallet's chain and account, which this wrapper's signature does not carry through.
    const hash = await c.walletFor(from).writeContract(request as unknown as WriteContractParameters);
    return c.publicClient.waitForTransactionReceipt({ hash });
  };
  /**
   * `functionName(...args)` on `contract` from `from`, for tests that name the function in a variable
   * (a table of calls): the name and arguments are still checked against the contract's ABI.
   */
  const send = <const abi extends Abi, functionName extends WriteFunctionName<abi>>(
    contract: { address: Address; abi: abi },
    from: Address,
    functionName: functionName,
    args?: WriteArgs<abi, functionName>,
  ) =>
    // TypeScript cannot resolve ContractFunctionParameters' conditional `args` for a generic name;
    // the signature above already ties `args` to `functionName`.
    write(from, { ...contract, functionName, args } as WriteRequest<abi, functionName>);
  const token = { address: deployed.farToken, abi: farTokenAbi } as const;
  const staking = { address: deployed.farStaking, abi: farStakingAbi } as const;
  const payment = { address: deployed.inferencePayment, abi: inferencePaymentAbi } as const;
  const feed = { address: deployed.priceFeed, abi: priceFeedAbi } as const;
  for (const user of users) {
    await write(admin, { ...token, functionName: 'transfer', args: [user, parseEther('1000000')] });
  }
  const read = c.publicClient.readContract;
  const balanceOf = (account: Address) => read({ ...token, functionName: 'balanceOf', args: [account] });
  const approve = (owner: Address, spender: Address, amount: bigint) =>
    write(owner, { ...token, functionName: 'approve', args: [spender, amount] });
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
    send,
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
