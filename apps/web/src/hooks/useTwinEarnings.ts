'use client';

import { inferencePaymentAbi } from '@far/contracts/browser';
import { useQuery } from '@tanstack/react-query';
import { useReadContract } from 'wagmi';
import { useSession } from '@/lib/auth/SessionProvider';
import { fetchTwinEarnings } from '@/lib/fartwin/fetchTwinEarnings';
import { useWeb3 } from './useWeb3';

/** How often the studio refreshes earnings: a chat or a settlement batch shows within this. */
const EARNINGS_REFRESH_MS = 10_000;

/**
 * The signed-in creator's earnings per twin (API) and what InferencePayment holds for their wallet
 * to withdraw (`creatorCredit`), both refreshed every few seconds so earnings arrive while watching.
 */
export function useTwinEarnings() {
  const { accessToken, user } = useSession();
  const { address, contracts, expectedChainId } = useWeb3();
  const earnings = useQuery({
    queryKey: ['fartwin', 'earnings', user?.id],
    queryFn: () => fetchTwinEarnings(accessToken as string),
    enabled: Boolean(accessToken),
    refetchInterval: EARNINGS_REFRESH_MS,
  });
  const credit = useReadContract({
    address: contracts?.inferencePayment,
    abi: inferencePaymentAbi,
    functionName: 'creatorCredit',
    args: [address ?? '0x0000000000000000000000000000000000000000'],
    chainId: (expectedChainId ?? undefined) as never,
    query: { enabled: Boolean(address && contracts), refetchInterval: EARNINGS_REFRESH_MS },
  });
  return { earnings, withdrawableWei: typeof credit.data === 'bigint' ? credit.data : undefined };
}
