import { type Deployments, inferencePaymentAbi } from '@far/contracts';
import type { PublicClient } from 'viem';
import { explainChainError } from '../chain/explainChainError.js';

export type GetFarUsdPriceOptions = {
  /** How long one read is reused (default 5 s): pricing every request must not cost an RPC call each. */
  cacheMs?: number;
};

type CachedPrice = { value: Promise<bigint>; expiresAt: number };

// Keyed by client so separate chains (tests, replicas in one process) never share a price.
const cache = new WeakMap<PublicClient, Map<string, CachedPrice>>();

/**
 * The FAR/USD price with 8 decimals, read through `InferencePayment.getLatestPrice` (which rejects
 * stale, incomplete or non-positive feed rounds) and cached for a few seconds. Concurrent callers
 * share one in-flight read.
 *
 * @param publicClient - a viem client on the deployment's chain.
 * @param deployments - where InferencePayment lives.
 * @param options - `cacheMs` (default 5000).
 * @returns the price, e.g. `10_000_000n` for $0.10.
 * @throws ChainError (`chain_error`) explaining a stale or invalid price or an unreachable RPC.
 * @example
 * const price = await getFarUsdPrice(publicClient, deployments);
 * const wei = usdToFarWei('0.002', price);
 */
export async function getFarUsdPrice(
  publicClient: PublicClient,
  deployments: Pick<Deployments, 'contracts'>,
  options: GetFarUsdPriceOptions = {},
): Promise<bigint> {
  const address = deployments.contracts.inferencePayment;
  let byAddress = cache.get(publicClient);
  if (byAddress === undefined) {
    byAddress = new Map();
    cache.set(publicClient, byAddress);
  }
  const now = Date.now();
  const cached = byAddress.get(address);
  if (cached !== undefined && cached.expiresAt > now) return cached.value;

  const entries = byAddress;
  const value = publicClient
    .readContract({ address, abi: inferencePaymentAbi, functionName: 'getLatestPrice' })
    .catch((error: unknown) => {
      // A failure must not be served from the cache: the next caller tries again.
      if (entries.get(address)?.value === value) entries.delete(address);
      throw explainChainError(error);
    });
  entries.set(address, { value, expiresAt: now + (options.cacheMs ?? 5_000) });
  return value;
}
