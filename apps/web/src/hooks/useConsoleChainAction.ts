'use client';

import {
  adminActionDomain,
  adminActionParamsHash,
  adminActionPrimaryType,
  adminActionTypes,
} from '@far/contracts/browser';
import { useCallback, useState } from 'react';
import { type Address, parseAbi } from 'viem';
import { usePublicClient, useSignTypedData, useWriteContract } from 'wagmi';
import { apiClient, bearer } from '@/lib/api/apiClient';
import { readApiData } from '@/lib/api/readApiData';
import { useSession } from '@/lib/auth/SessionProvider';
import { describeError } from '@/lib/web3/describeError';
import { useWeb3 } from './useWeb3';

/** The levers' functions by signature, as the API's console checks them. */
const leverAbi = parseAbi([
  'function pause()',
  'function unpause()',
  'function setRewardRate(uint256 newRate)',
  'function fundReserve(uint256 amount)',
  'function setPrice(int256 answer)',
  'function approve(address spender, uint256 amount) returns (bool)',
  'function schedule(address target, uint256 value, bytes data, bytes32 predecessor, bytes32 salt, uint256 delay)',
  'function execute(address target, uint256 value, bytes payload, bytes32 predecessor, bytes32 salt) payable',
  'function cancel(bytes32 id)',
  'function decideAppeal(bytes32 evidenceHash, bool upheld)',
]);

/** What the operator signs as the action's target: the API names it the same way. */
function targetOf(request: ConsoleChainRequest): string {
  if (request.action === 'contract.pause' || request.action === 'contract.unpause')
    return request.contract ?? '';
  if (request.action === 'timelock.execute' || request.action === 'timelock.cancel') return 'timelock';
  if (request.action === 'nodeBond.decideAppeal') return 'nodeBond';
  return request.action === 'priceFeed.setPrice' ? 'priceFeed' : 'farStaking';
}

/** One console chain action, as the API names it. */
export type ConsoleChainRequest = {
  action:
    | 'staking.fundReserve'
    | 'staking.setRewardRate'
    | 'timelock.execute'
    | 'timelock.cancel'
    | 'priceFeed.setPrice'
    | 'contract.pause'
    | 'contract.unpause'
    | 'nodeBond.decideAppeal';
  /** For pause/unpause: `farStaking` or `inferencePayment`. */
  contract?: string;
  params: Record<string, string>;
  reason: string;
};

/**
 * Runs a money-moving or pausing console action from the operator's own wallet: a fresh EIP-712
 * signature of exactly this action, the API's recorded intent (refused without a row), the
 * transaction, then the hash reported so the API verifies it and completes the audit row.
 * @returns `run(request)`, whether one is under way, and the last outcome's message
 */
export function useConsoleChainAction() {
  const { accessToken } = useSession();
  const { expectedChainId, contracts } = useWeb3();
  const chainId = (expectedChainId ?? undefined) as never;
  const publicClient = usePublicClient({ chainId });
  const signTypedData = useSignTypedData();
  const writeContract = useWriteContract();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);

  const run = useCallback(
    async (request: ConsoleChainRequest) => {
      setBusy(true);
      setOutcome(null);
      try {
        if (!expectedChainId || !publicClient) throw new Error('The chain is not known yet.');
        const target = targetOf(request);

        const headers = bearer(accessToken);
        const { nonce } = await readApiData(
          apiClient.GET('/api/admin/signature-nonce', { headers }),
          (data) => data,
        );
        const issuedAt = Math.floor(Date.now() / 1000);
        const signature = await signTypedData.signTypedDataAsync({
          domain: adminActionDomain(expectedChainId),
          types: adminActionTypes,
          primaryType: adminActionPrimaryType,
          message: {
            action: request.action,
            target,
            paramsHash: adminActionParamsHash(request.params),
            reason: request.reason,
            nonce,
            issuedAt: BigInt(issuedAt),
          },
        });
        const intent = await readApiData(
          apiClient.POST('/api/admin/chain-actions', {
            headers,
            body: { ...request, fresh: { signature, nonce, issuedAt } },
          }),
          (data) => data,
        );
        // Numbers travel as decimal strings; addresses and bytes as 0x hex; bools as true / false.
        const args = intent.call.args.map((arg) => {
          if (arg === 'true' || arg === 'false') return arg === 'true';
          return /^\d+$/.test(arg) ? BigInt(arg) : arg;
        });
        if (request.action === 'staking.fundReserve' && contracts) {
          const approval = await writeContract.writeContractAsync({
            address: contracts.farToken,
            abi: leverAbi,
            functionName: 'approve',
            args: [intent.call.to as Address, BigInt(intent.call.args[0] ?? '0')],
            chainId,
          });
          await publicClient.waitForTransactionReceipt({ hash: approval });
        }
        const hash = await writeContract.writeContractAsync({
          address: intent.call.to as Address,
          abi: leverAbi,
          functionName: intent.call.functionName as 'pause',
          args: args as [],
          chainId,
        });
        await publicClient.waitForTransactionReceipt({ hash });
        const done = await readApiData(
          apiClient.POST('/api/admin/chain-actions/{id}/complete', {
            headers,
            params: { path: { id: intent.auditId } },
            body: { txHash: hash },
          }),
          (data) => data,
        );
        setOutcome({ ok: done.status === 'done', message: `${request.action}: ${done.status} (${hash})` });
      } catch (error) {
        setOutcome({ ok: false, message: describeError(error) });
      } finally {
        setBusy(false);
      }
    },
    [accessToken, expectedChainId, publicClient, signTypedData, writeContract, contracts, chainId],
  );
  return { run, busy, outcome };
}
