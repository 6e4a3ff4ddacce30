'use client';

import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { desciKeys } from '@/hooks/useDesciQueries';
import { useWeb3 } from '@/hooks/useWeb3';
import { type Proposal, postComment } from '@/lib/desci/desciEndpoints';
import { shortAddress } from '@/lib/format/shortAddress';
import { describeError } from '@/lib/web3/describeError';
import { Button } from '../ui/Button';
import { fieldClass } from '../ui/fieldClass';

const MAX_COMMENT = 2_000;

/** The public discussion of a proposal; each comment names the wallet that wrote it. */
export function CommentThread({ proposal }: { proposal: Proposal }) {
  const id = useId();
  const { isSignedIn, session } = useWeb3();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!session.accessToken || text.trim() === '') return;
    setBusy(true);
    setError(null);
    try {
      await postComment(session.accessToken, proposal.proposalId, text.trim());
      setText('');
      await queryClient.invalidateQueries({ queryKey: desciKeys.proposal(proposal.proposalId) });
    } catch (cause) {
      setError(describeError(cause));
    }
    setBusy(false);
  };

  return (
    <div className="flex flex-col gap-4">
      <ul className="flex flex-col gap-3" data-testid="comments">
        {proposal.comments.map((comment) => (
          <li key={comment.id} className="rounded-lg bg-surface-raised p-3 text-sm">
            <p className="text-xs text-muted">
              {shortAddress(comment.author)} · {comment.createdAt.toLocaleString()}
            </p>
            <p className="mt-1 whitespace-pre-wrap text-soft">{comment.body}</p>
          </li>
        ))}
        {proposal.comments.length === 0 ? <li className="text-sm text-muted">No comments yet.</li> : null}
      </ul>
      {isSignedIn ? (
        <form onSubmit={submit} className="flex flex-col gap-2">
          <label htmlFor={id} className="text-sm text-muted">
            Comment as {shortAddress(session.user?.walletAddress ?? '')}
          </label>
          <textarea
            id={id}
            rows={3}
            maxLength={MAX_COMMENT}
            value={text}
            onChange={(event) => setText(event.target.value)}
            className={fieldClass}
          />
          <Button type="submit" disabled={busy || text.trim() === ''} className="self-start">
            Post comment
          </Button>
          {error ? (
            <p role="alert" className="text-sm text-red-300">
              {error}
            </p>
          ) : null}
        </form>
      ) : (
        <p className="text-sm text-muted">Sign in with your wallet to comment.</p>
      )}
    </div>
  );
}
