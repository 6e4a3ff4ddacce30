'use client';

import Link from 'next/link';
import { useReviewQueue } from '@/hooks/useDesciQueries';
import { formatFar } from '@/lib/format/formatFar';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';
import { ReviewForm } from './ReviewForm';

/** The milestones awaiting the signed-in reviewer: read the deliverable, then approve or reject. */
export function ReviewQueue() {
  const query = useReviewQueue();
  return (
    <DataState query={query} isEmpty={(items) => items.length === 0} empty="Nothing awaits your review.">
      {(items) => (
        <ul className="flex flex-col gap-4" data-testid="review-queue">
          {items.map((item) => (
            <li key={`${item.proposalId}-${item.milestoneIndex}`}>
              <Card className="flex flex-col gap-3">
                <p className="text-xs text-muted">{item.field}</p>
                <h2 className="text-lg font-semibold">
                  <Link href={`/desci/${item.proposalId}`} className="hover:text-brand-soft">
                    {item.title}
                  </Link>
                </h2>
                <p className="text-sm text-soft">
                  Milestone {item.milestoneIndex + 1}: {item.milestoneTitle} · {formatFar(item.amountWei, 2)}{' '}
                  FAR
                </p>
                <p className="text-sm text-muted">{item.milestoneDescription}</p>
                <p className="break-all text-xs text-muted">
                  Deliverable{' '}
                  {item.deliverableUri ? (
                    <a
                      href={item.deliverableUri}
                      className="text-brand-soft underline"
                      rel="noreferrer"
                      target="_blank"
                    >
                      {item.deliverableUri}
                    </a>
                  ) : null}{' '}
                  <span className="font-mono">sha256 {item.deliverableHash}</span> · submitted{' '}
                  {item.submittedAt.toLocaleString()}
                </p>
                <ReviewForm item={item} />
              </Card>
            </li>
          ))}
        </ul>
      )}
    </DataState>
  );
}
