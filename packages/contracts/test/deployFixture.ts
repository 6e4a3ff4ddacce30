import { type Address, BaseError, ContractFunctionRevertedError, type Hex, parseEther } from 'viem';
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
  return { chain: c, deployed, admin, coordinator, treasury, users, token, staking, payment, feed, write };
}

/** Walks a viem error chain to the decoded custom error name (or the revert reason string). */
export function revertNameOf(error: unknown): string | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError) {
    return reverted.data?.errorName ?? reverted.reason ?? reverted.signature;
  }
  return undefined;
}

/** Asserts that `action` reverts with the custom error `errorName` (and optionally these args). */
export async function expectRevert(action: Promise<unknown>, errorName: string, args?: readonly unknown[]) {
  let caught: unknown;
  try {
    await action;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a revert with ${errorName}`).toBeDefined();
  expect(revertNameOf(caught), String(caught)).toBe(errorName);
  if (args) {
    const reverted = (caught as BaseError).walk((e) => e instanceof ContractFunctionRevertedError);
    expect((reverted as ContractFunctionRevertedError).data?.args).toEqual(args);
  }
}

export const taskId = (n: number | bigint): Hex => `0x${BigInt(n).toString(16).padStart(64, '0')}`;
