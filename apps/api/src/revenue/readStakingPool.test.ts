import { deployContracts, farStakingAbi, farTokenAbi, revenueSourceId } from '@far/contracts';
import { createInProcessChain } from '@far/contracts/testing';
import { type Address, parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { readStakingPool } from './readStakingPool.js';

describe('readStakingPool', () => {
  it("reads the pool and each service's revenue source total from FARStaking", async () => {
    const chain = await createInProcessChain();
    const [admin, staker] = chain.accounts as [Address, Address];
    const wallet = chain.walletFor(admin);
    const deployed = await deployContracts({ walletClient: wallet, publicClient: chain.publicClient });
    const send = async (from: Address, request: Parameters<typeof wallet.writeContract>[0]) =>
      chain.publicClient.waitForTransactionReceipt({
        hash: await chain.walletFor(from).writeContract(request),
      });
    const token = { address: deployed.farToken, abi: farTokenAbi } as const;
    const staking = { address: deployed.farStaking, abi: farStakingAbi } as const;
    await send(admin, { ...token, functionName: 'transfer', args: [staker, parseEther('100')] });
    await send(staker, { ...token, functionName: 'approve', args: [staking.address, parseEther('100')] });
    await send(staker, { ...staking, functionName: 'stake', args: [parseEther('100'), 4] });
    // The admin's wallet plays a second service's contract, registered as `gaming`.
    await send(admin, {
      ...staking,
      functionName: 'setRevenueSource',
      args: [admin, revenueSourceId('gaming')],
    });
    await send(admin, { ...token, functionName: 'approve', args: [staking.address, parseEther('7')] });
    await send(admin, { ...staking, functionName: 'notifyRevenue', args: [parseEther('7')] });

    const pool = await readStakingPool(chain.publicClient, deployed.farStaking, ['inference', 'gaming']);
    expect(pool).toEqual({
      totalStakedWei: parseEther('100'),
      totalEffectiveWei: parseEther('200'),
      rewardRateBps: 100n,
      rewardReserveWei: 0n,
      totalRevenueNotifiedWei: parseEther('7'),
      revenueByServiceWei: { inference: 0n, gaming: parseEther('7') },
    });
  });
});
