import type { Deployments } from '@far/contracts';
import type { Address, PublicClient } from 'viem';
import { consoleChainAbi } from './consoleChainAbi.js';

/** The contracts the console can pause. */
export const PAUSABLE_CONTRACTS = ['farStaking', 'inferencePayment', 'researchEscrow'] as const;

type ReadableFunction =
  | 'paused'
  | 'rewardRate'
  | 'rewardReserve'
  | 'totalEffective'
  | 'totalStaked'
  | 'minAnswer'
  | 'maxAnswer'
  | 'maxDeviationBps';

/** Reads one view function; null when the contract does not have it (an older deployment). */
async function readOrNull(chain: PublicClient, address: Address, functionName: ReadableFunction) {
  try {
    return (await chain.readContract({ address, abi: consoleChainAbi, functionName })) as bigint | boolean;
  } catch {
    return null;
  }
}

const DAYS_PER_YEAR = 365n;
const BPS = 10_000n;

/**
 * Days the staking reserve pays the base APY at the current rate and effective stake: reserve ÷
 * (rate × effective ÷ 10000 ÷ 365) per day; null when nothing draws from it.
 */
export function reserveRunwayDays(
  reserveWei: bigint,
  rateBps: bigint,
  totalEffective: bigint,
): number | null {
  const perDayTimesBpsYear = rateBps * totalEffective;
  if (perDayTimesBpsYear === 0n) return null;
  // Hundredths of a day, in integers, then to a number for display.
  const hundredths = (reserveWei * BPS * DAYS_PER_YEAR * 100n) / perDayTimesBpsYear;
  return Number(hundredths) / 100;
}

/**
 * Reads what the console's chain levers act on: staking (rate, reserve, runway, paused), the price
 * feed (last answer, bounds, deviation limit) and each pausable contract's `paused`.
 *
 * @example
 * await readConsoleChainState(chain, deployments)
 */
export async function readConsoleChainState(chain: PublicClient, deployments: Deployments) {
  const { farStaking, priceFeed } = deployments.contracts;
  const rewardRateBps = (await readOrNull(chain, farStaking, 'rewardRate')) as bigint | null;
  const reserveWei = (await readOrNull(chain, farStaking, 'rewardReserve')) as bigint | null;
  const totalEffective = (await readOrNull(chain, farStaking, 'totalEffective')) as bigint | null;
  let answer: bigint | null = null;
  let updatedAt: bigint | null = null;
  try {
    const round = await chain.readContract({
      address: priceFeed,
      abi: consoleChainAbi,
      functionName: 'latestRoundData',
    });
    answer = round[1];
    updatedAt = round[3];
  } catch {
    // An empty feed reverts: no answer yet.
  }
  const paused: Record<string, boolean | null> = {};
  for (const name of PAUSABLE_CONTRACTS) {
    const address = deployments.contracts[name];
    paused[name] = address ? ((await readOrNull(chain, address, 'paused')) as boolean | null) : null;
  }
  return {
    staking: {
      address: farStaking,
      rewardRateBps: rewardRateBps?.toString() ?? null,
      reserveWei: reserveWei?.toString() ?? null,
      totalEffective: totalEffective?.toString() ?? null,
      runwayDays:
        rewardRateBps !== null && reserveWei !== null && totalEffective !== null
          ? reserveRunwayDays(reserveWei, rewardRateBps, totalEffective)
          : null,
    },
    priceFeed: {
      address: priceFeed,
      answer: answer?.toString() ?? null,
      updatedAt: updatedAt !== null ? new Date(Number(updatedAt) * 1000).toISOString() : null,
      minAnswer: ((await readOrNull(chain, priceFeed, 'minAnswer')) as bigint | null)?.toString() ?? null,
      maxAnswer: ((await readOrNull(chain, priceFeed, 'maxAnswer')) as bigint | null)?.toString() ?? null,
      maxDeviationBps:
        ((await readOrNull(chain, priceFeed, 'maxDeviationBps')) as bigint | null)?.toString() ?? null,
    },
    paused,
  };
}
