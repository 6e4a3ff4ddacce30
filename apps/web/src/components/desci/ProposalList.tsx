'use client';

import Link from 'next/link';
import { useDeferredValue, useId, useState } from 'react';
import { useProposals } from '@/hooks/useDesciQueries';
import { shortAddress } from '@/lib/format/shortAddress';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';
import { fieldClass } from '../ui/fieldClass';
import { FundingProgress } from './FundingProgress';

const FIELDS = [
  'Neuroscience',
  'Biology',
  'Climate',
  'Medicine',
  'Physics',
  'Computer science',
  'Social science',
];

/** Proposals to discover: search by words, filter by field; each shows funding progress and deadline. */
export function ProposalList() {
  const searchId = useId();
  const fieldId = useId();
  const [q, setQ] = useState('');
  const [field, setField] = useState('');
  const query = useProposals({ q: useDeferredValue(q.trim()), field });
  return (
    <div className="flex flex-col gap-4">
      <div className="grid gap-3 sm:grid-cols-[1fr_14rem]">
        <label htmlFor={searchId} className="sr-only">
          Search proposals
        </label>
        <input
          id={searchId}
          type="search"
          placeholder="Search title or abstract"
          value={q}
          onChange={(event) => setQ(event.target.value)}
          className={fieldClass}
        />
        <label htmlFor={fieldId} className="sr-only">
          Field
        </label>
        <select
          id={fieldId}
          value={field}
          onChange={(event) => setField(event.target.value)}
          className={fieldClass}
        >
          <option value="">All fields</option>
          {FIELDS.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <DataState query={query} isEmpty={(list) => list.length === 0} empty="No proposals match.">
        {(proposals) => (
          <ul className="grid gap-4 md:grid-cols-2" data-testid="proposal-list">
            {proposals.map((proposal) => (
              <li key={proposal.proposalId.toString()}>
                <Card className="flex h-full flex-col gap-3">
                  <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
                    <span className="rounded-full border border-line px-2 py-0.5">{proposal.field}</span>
                    <span className="capitalize">{proposal.status}</span>
                    <span>by {shortAddress(proposal.researcher)}</span>
                  </div>
                  <h2 className="text-lg font-semibold">
                    <Link href={`/desci/${proposal.proposalId}`} className="hover:text-brand-soft">
                      {proposal.title}
                    </Link>
                  </h2>
                  <p className="line-clamp-3 text-sm text-soft">{proposal.abstract}</p>
                  <FundingProgress raisedWei={proposal.raisedWei} goalWei={proposal.goalWei} />
                  <p className="text-xs text-muted">
                    Funding closes {proposal.deadline.toLocaleDateString()} · {proposal.milestoneCount}{' '}
                    milestones
                  </p>
                </Card>
              </li>
            ))}
          </ul>
        )}
      </DataState>
    </div>
  );
}
