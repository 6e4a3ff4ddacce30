'use client';

import { gameLicensesAbi } from '@far/contracts/browser';
import { useCallback } from 'react';
import { type Address, type Hash, parseEventLogs } from 'viem';
import { usePublicClient, useWriteContract } from 'wagmi';
import { useStoreSettings } from './useGamedQueries';
import { usePermitFunding } from './usePermitFunding';
import { useTrackedAction } from './useTrackedAction';
import { useWeb3 } from './useWeb3';

/** What a studio sets when registering a game on chain. */
export type GameTermsInput = {
  priceWei: bigint;
  royaltyBps: number;
  soulbound: boolean;
  metadataUri: string;
};

/**
 * Far GameD's wallet actions against GameLicenses, each a tracked, labelled action (one at a time;
 * a rejected wallet prompt is `cancelled`): buy with a permit, refund, list for resale, buy a
 * listing, and for studios register a game, change its price and publish a build's hash.
 * @returns the actions, the label of the one in flight and the last outcome
 */
export function useGamedActions() {
  const { expectedChainId } = useWeb3();
  const chainId = (expectedChainId ?? undefined) as never;
  const licenses = useStoreSettings().data?.licensesAddress ?? null;
  const publicClient = usePublicClient({ chainId });
  const writeContract = useWriteContract();
  const { fund } = usePermitFunding();
  const { run, busy, outcome } = useTrackedAction();

  const call = useCallback(
    (functionName: string, args: readonly unknown[]): Promise<Hash> => {
      if (!licenses) throw new Error('Far GameD is not deployed on this network.');
      return writeContract.mutateAsync({
        address: licenses,
        abi: gameLicensesAbi,
        functionName,
        args,
        chainId,
      } as never);
    },
    [licenses, writeContract, chainId],
  );

  const buy = useCallback(
    (gameId: bigint, priceWei: bigint) =>
      run('Buy licence', () =>
        fund(licenses as Address, priceWei, {
          withPermit: (permit) =>
            call('buyWithPermit', [gameId, priceWei, permit.deadline, permit.v, permit.r, permit.s]),
          afterApproval: () => call('buy', [gameId, priceWei]),
        }),
      ),
    [run, fund, call, licenses],
  );

  const buyListing = useCallback(
    (listingId: bigint, priceWei: bigint) =>
      run('Buy resale licence', () =>
        fund(licenses as Address, priceWei, {
          withPermit: (permit) =>
            call('buyListingWithPermit', [
              listingId,
              priceWei,
              permit.deadline,
              permit.v,
              permit.r,
              permit.s,
            ]),
          afterApproval: () => call('buyListing', [listingId, priceWei]),
        }),
      ),
    [run, fund, call, licenses],
  );

  const refund = useCallback(
    (purchaseId: bigint) => run('Refund', () => call('refund', [purchaseId])),
    [run, call],
  );
  const list = useCallback(
    (gameId: bigint, priceWei: bigint) => run('List for resale', () => call('list', [gameId, priceWei])),
    [run, call],
  );
  const setPrice = useCallback(
    (gameId: bigint, priceWei: bigint) => run('Set price', () => call('setPrice', [gameId, priceWei])),
    [run, call],
  );
  const publishBuild = useCallback(
    (gameId: bigint, platformIndex: number, sha256: string, sizeBytes: number) =>
      run('Publish build', () =>
        call('publishBuild', [
          gameId,
          platformIndex,
          `0x${sha256}`,
          BigInt(sizeBytes),
          `far-gamed://${gameId}/${platformIndex}`,
        ]),
      ),
    [run, call],
  );

  /** Registers a game and waits for it to be mined; resolves to its id, or null if it did not happen. */
  const registerGame = useCallback(
    async (terms: GameTermsInput): Promise<bigint | null> => {
      let gameId: bigint | null = null;
      await run('Register game', async () => {
        if (!publicClient) throw new Error('Wallet not ready.');
        const hash = await call('registerGame', [
          terms.priceWei,
          terms.royaltyBps,
          terms.soulbound,
          terms.metadataUri,
        ]);
        const receipt = await publicClient.waitForTransactionReceipt({ hash });
        const [registered] = parseEventLogs({
          abi: gameLicensesAbi,
          eventName: 'GameRegistered',
          logs: receipt.logs,
        });
        if (!registered) throw new Error('The game was not registered.');
        gameId = registered.args.gameId;
        return hash;
      });
      return gameId;
    },
    [run, call, publicClient],
  );

  return { buy, buyListing, refund, list, setPrice, publishBuild, registerGame, busy, outcome };
}
