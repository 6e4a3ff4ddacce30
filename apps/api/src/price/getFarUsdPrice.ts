import { type Deployments, inferencePaymentAbi } from '@far/contracts';
import type { PublicClient } from 'viem';
import { explainChainError } from '../chain/explainChainError.js';

export type GetFarUsdPriceOptions = {
  /** How long one read is used as is (default 5 s): pricing every request must not cost an RPC call each. */
  cacheMs?: number;
  /**
   * How long a read may still price requests while a newer one is under way (default 60 s): past
   * `cacheMs` the next caller starts a read in the background and is served the last price, so no
   * request waits on the chain while the feed answers. Past this age, callers wait for the read.
   */
  maxStaleMs?: number;
};

/** The last price read for one contract, and the read under way, if any. */
type CachedPrice = {
  last: { price: bigint; readAt: number } | undefined;
  reading: Promise<bigint> | undefined;
};

// Keyed by client so separate chains (tests, replicas in one process) never share a price.
const cache = new WeakMap<PublicClient, Map<string, CachedPrice>>();

/**
 * The FAR/USD price with 8 decimals, read through `InferencePayment.getLatestPrice` (which rejects
 * stale, incomplete or non-positive feed rounds) and cached for a few seconds. Concurrent callers
 * share one in-flight read; once the cached price is older than `cacheMs`, it is refreshed in the
 * background while it keeps pricing requests, up to `maxStaleMs`.
 *
 * @param publicClient - a viem client on the deployment's chain.
 * @param deployments - where InferencePayment lives.
 * @param options - `cacheMs` (default 5000), `maxStaleMs` (default 60000).
 * @returns the price, e.g. `10_000_000n` for $0.10.
 * @throws ChainError (`chain_error`) explaining a stale or invalid price or an unreachable RPC.
 * @example
 * const price = await getFarUsdPrice(publicClient, deployments);
 * const wei = usdToFarWei('0.002', price);
 */
export async function getFarUsdPrice(
  publicClient: PublicClient,
  deployments: { contracts: Pick<Deployments['contracts'], 'inferencePayment'> },
  options: GetFarUsdPriceOptions = {},
): Promise<bigint> {
  const address = deployments.contracts.inferencePayment;
  let byAddress = cache.get(publicClient);
  if (byAddress === undefined) {
    byAddress = new Map();
    cache.set(publicClient, byAddress);
  }
  let entry = byAddress.get(address);
  if (entry === undefined) {
    entry = { last: undefined, reading: undefined };
    byAddress.set(address, entry);
  }
  const age = entry.last ? Date.now() - entry.last.readAt : Number.POSITIVE_INFINITY;
  if (entry.last && age < (options.cacheMs ?? 5_000)) return entry.last.price;
  const reading = entry.reading ?? readPrice(publicClient, address, entry);
  if (entry.last && age < (options.maxStaleMs ?? 60_000)) {
    // A failed background read is not this caller's: the next one past the age tries again.
    reading.catch(() => {});
    return entry.last.price;
  }
  return reading;
}

/** Reads the price on chain into `entry`; a failure is not remembered, so the next caller tries again. */
function readPrice(publicClient: PublicClient, address: `0x${string}`, entry: CachedPrice): Promise<bigint> {
  const reading = publicClient
    .readContract({ address, abi: inferencePaymentAbi, functionName: 'getLatestPrice' })
    .then(
      (price) => {
        entry.last = { price, readAt: Date.now() };
        return price;
      },
      (error: unknown) => {
        throw explainChainError(error);
      },
    )
    .finally(() => {
      if (entry.reading === reading) entry.reading = undefined;
    });
  entry.reading = reading;
  return reading;
}
