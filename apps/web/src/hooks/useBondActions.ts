'use client';

import { nodeBondAbi, nodeBondKey } from '@far/contracts/browser';
import { useCallback } from 'react';
import type { Address, Hash, Hex } from 'viem';
import { useWriteContract } from 'wagmi';
import { usePermitFunding } from './usePermitFunding';
import { useTrackedAction } from './useTrackedAction';
import { useWeb3 } from './useWeb3';

/**
 * NodeBond's wallet actions, each tracked until mined (a rejected prompt is `cancelled`): bond FAR for
 * a node id (one transaction with an EIP-2612 permit, or approve then bond), request an unbond,
 * withdraw what finished unbonding, contest (appeal) a proposed slash, execute one whose window
 * passed, and claim slash refunds.
 * @param nodeBond - NodeBond's address (from `/api/bonds`), null where bonds are off
 * @returns the actions, the label of the one in flight and the last outcome
 */
export function useBondActions(nodeBond: Address | null) {
  const { expectedChainId } = useWeb3();
  const chainId = (expectedChainId ?? undefined) as never;
  const writeContract = useWriteContract();
  const { fund } = usePermitFunding();
  const { run, busy, outcome } = useTrackedAction();

  const call = useCallback(
    (functionName: string, args: readonly unknown[]): Promise<Hash> => {
      if (!nodeBond) throw new Error('Node bonds are off on this network.');
      return writeContract.mutateAsync({
        address: nodeBond,
        abi: nodeBondAbi,
        functionName,
        args,
        chainId,
      } as never);
    },
    [nodeBond, writeContract, chainId],
  );

  const bond = useCallback(
    (nodeId: string, vramClass: number, amountWei: bigint) =>
      run('Bond', () =>
        fund(nodeBond as Address, amountWei, {
          withPermit: (p) =>
            call('bondWithPermit', [nodeBondKey(nodeId), vramClass, amountWei, p.deadline, p.v, p.r, p.s]),
          afterApproval: () => call('bond', [nodeBondKey(nodeId), vramClass, amountWei]),
        }),
      ),
    [run, fund, call, nodeBond],
  );
  const requestUnbond = useCallback(
    (nodeId: string, amountWei: bigint) =>
      run('Unbond', () => call('requestUnbond', [nodeBondKey(nodeId), amountWei])),
    [run, call],
  );
  const withdraw = useCallback(
    (nodeId: string) => run('Withdraw bond', () => call('withdrawUnbonded', [nodeBondKey(nodeId)])),
    [run, call],
  );
  const appeal = useCallback(
    (evidenceHash: Hex, reason: string) => run('Appeal', () => call('contestSlash', [evidenceHash, reason])),
    [run, call],
  );
  const execute = useCallback(
    (evidenceHash: Hex) => run('Execute slash', () => call('executeSlash', [evidenceHash])),
    [run, call],
  );
  const claimRefund = useCallback(() => run('Claim refund', () => call('claimRefund', [])), [run, call]);

  return { bond, requestUnbond, withdraw, appeal, execute, claimRefund, busy, outcome };
}
