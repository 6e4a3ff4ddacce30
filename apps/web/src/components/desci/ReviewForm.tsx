'use client';

import { useId, useState } from 'react';
import { useMilestoneReview } from '@/hooks/useMilestoneReview';
import type { ReviewQueueItem } from '@/lib/desci/desciEndpoints';
import { describeError } from '@/lib/web3/describeError';
import { isUserRejection } from '@/lib/web3/isUserRejection';
import { Button } from '../ui/Button';
import { fieldClass } from '../ui/fieldClass';

/** A written review and a decision, signed by the reviewer's wallet (EIP-712, no gas) and sent to the API. */
export function ReviewForm({ item }: { item: ReviewQueueItem }) {
  const id = useId();
  const { review } = useMilestoneReview();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  const decide = async (approved: boolean) => {
    if (body.trim() === '') {
      setMessage({
        tone: 'error',
        text: 'Write your review first: it is published once the milestone is decided.',
      });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const answer = await review(item, { approved, body: body.trim() });
      setMessage({
        tone: 'ok',
        text:
          answer.outcome === 'pending'
            ? 'Review signed and recorded.'
            : `Review recorded: the milestone is ${answer.outcome}.`,
      });
      // Decided once: the buttons stay disabled, as the API would refuse a second review.
    } catch (error) {
      setMessage({
        tone: 'error',
        text: isUserRejection(error) ? 'Cancelled in the wallet.' : describeError(error),
      });
      setBusy(false);
    }
  };

  return (
    <div className="flex flex-col gap-2" data-testid="review-form">
      <label htmlFor={id} className="text-sm text-muted">
        Your review (public once {item.threshold} of {item.panelSize} reviewers agree)
      </label>
      <textarea
        id={id}
        rows={4}
        maxLength={10_000}
        value={body}
        onChange={(event) => setBody(event.target.value)}
        className={fieldClass}
      />
      <div className="flex flex-wrap gap-2">
        <Button disabled={busy} onClick={() => decide(true)}>
          Approve and sign
        </Button>
        <Button variant="danger" disabled={busy} onClick={() => decide(false)}>
          Reject and sign
        </Button>
      </div>
      {message ? (
        <p
          role={message.tone === 'error' ? 'alert' : 'status'}
          className={`text-sm ${message.tone === 'error' ? 'text-red-300' : 'text-emerald-300'}`}
        >
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
