'use client';

import { publicationRegistryAbi } from '@far/contracts/browser';
import { useId, useState } from 'react';
import type { Hex } from 'viem';
import { usePublicClient } from 'wagmi';
import { useDesciContracts } from '@/hooks/useDesciQueries';
import { useWeb3 } from '@/hooks/useWeb3';
import { sha256File } from '@/lib/desci/sha256File';
import { shortAddress } from '@/lib/format/shortAddress';
import { describeError } from '@/lib/web3/describeError';
import { Card } from '../ui/Card';

type Verdict =
  | {
      kind: 'anchored';
      hash: Hex;
      title: string;
      authors: string;
      doi: string;
      uri: string;
      anchorer: string;
      at: Date;
    }
  | { kind: 'unknown'; hash: Hex }
  | { kind: 'error'; message: string };

/**
 * Checks a file against the PublicationRegistry: its SHA-256 is computed here in the browser and looked
 * up on chain; the file itself is never uploaded anywhere. A single changed byte gives another hash,
 * which was never anchored.
 */
export function PublicationVerifier() {
  const id = useId();
  const { expectedChainId } = useWeb3();
  const publicClient = usePublicClient({ chainId: (expectedChainId ?? undefined) as never });
  const contracts = useDesciContracts().data;
  const [verdict, setVerdict] = useState<Verdict | null>(null);

  const verify = async (file: File | undefined) => {
    if (!file) return;
    setVerdict(null);
    try {
      if (!publicClient || !contracts) throw new Error('The chain is not reachable yet.');
      const hash = await sha256File(file);
      const anchor = await publicClient.readContract({
        address: contracts.publicationRegistry,
        abi: publicationRegistryAbi,
        functionName: 'anchorOf',
        args: [hash],
      });
      setVerdict(
        anchor.anchoredAt === 0n
          ? { kind: 'unknown', hash }
          : { kind: 'anchored', hash, ...anchor, at: new Date(Number(anchor.anchoredAt) * 1000) },
      );
    } catch (error) {
      setVerdict({ kind: 'error', message: describeError(error) });
    }
  };

  return (
    <Card className="flex flex-col gap-4">
      <label htmlFor={id} className="text-sm text-muted">
        Pick a file to verify (it stays on your device)
      </label>
      <input id={id} type="file" onChange={(event) => verify(event.target.files?.[0])} className="text-sm" />
      {verdict?.kind === 'anchored' ? (
        <div role="status" className="rounded-lg bg-success-surface p-4 text-sm" data-testid="verify-result">
          <p className="font-semibold text-success">Anchored on {verdict.at.toLocaleString()}</p>
          <p className="mt-1 text-soft">{verdict.title}</p>
          {verdict.authors ? <p className="text-muted">{verdict.authors}</p> : null}
          {verdict.doi ? <p className="text-muted">DOI {verdict.doi}</p> : null}
          <p className="text-muted">by {shortAddress(verdict.anchorer)}</p>
          <p className="mt-1 break-all font-mono text-xs text-muted">sha256 {verdict.hash}</p>
        </div>
      ) : null}
      {verdict?.kind === 'unknown' ? (
        <div role="status" className="rounded-lg bg-warning-surface p-4 text-sm" data-testid="verify-result">
          <p className="font-semibold">Not anchored: no document with this exact content was registered.</p>
          <p className="mt-1 break-all font-mono text-xs text-muted">sha256 {verdict.hash}</p>
        </div>
      ) : null}
      {verdict?.kind === 'error' ? (
        <p role="alert" className="text-sm text-red-300">
          {verdict.message}
        </p>
      ) : null}
    </Card>
  );
}
