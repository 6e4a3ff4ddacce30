import { publicationRegistryAbi } from '@far/contracts';
import type { Address, Hex, PublicClient } from 'viem';

/**
 * Where each deliverable can be read: the link anchored with its SHA-256 in the PublicationRegistry
 * (ResearchEscrow anchors a submitted deliverable there for its researcher).
 *
 * @param chain - the platform's chain client.
 * @param registry - the PublicationRegistry address.
 * @param hashes - deliverable hashes; duplicates are read once.
 * @returns the anchored link by hash; a hash never anchored is absent.
 * @example
 * const uris = await readDeliverableUris(core.chain, registry, [deliverableHash]);
 */
export async function readDeliverableUris(
  chain: PublicClient,
  registry: Address,
  hashes: readonly Hex[],
): Promise<Map<string, string>> {
  const unique = [...new Set(hashes)];
  const anchors = await Promise.all(
    unique.map((hash) =>
      chain.readContract({
        address: registry,
        abi: publicationRegistryAbi,
        functionName: 'anchorOf',
        args: [hash],
      }),
    ),
  );
  const uris = new Map<string, string>();
  anchors.forEach((anchor, i) => {
    const hash = unique[i];
    if (hash && anchor.anchoredAt !== 0n) uris.set(hash, anchor.uri);
  });
  return uris;
}
