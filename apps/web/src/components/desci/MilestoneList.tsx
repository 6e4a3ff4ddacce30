import type { ProposalMilestone } from '@/lib/desci/desciEndpoints';
import { formatFar } from '@/lib/format/formatFar';
import { shortAddress } from '@/lib/format/shortAddress';

const statusTone: Record<ProposalMilestone['status'], string> = {
  pending: 'text-muted',
  submitted: 'text-brand-soft',
  released: 'text-success',
  rejected: 'text-red-300',
  overdue: 'text-red-300',
};

/**
 * A proposal's milestones in order: amount, due date, status, the deliverable (its anchored link and
 * SHA-256) and the reviews. Written reviews appear once the milestone is decided; before that only how
 * many reviewers have reviewed.
 */
export function MilestoneList({
  milestones,
  threshold,
}: {
  milestones: ProposalMilestone[];
  threshold: number;
}) {
  return (
    <ol className="flex flex-col gap-4" data-testid="milestones">
      {milestones.map((milestone) => (
        <li
          key={milestone.index}
          className="rounded-xl border border-line p-4"
          data-testid={`milestone-${milestone.index}`}
        >
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h3 className="font-semibold">
              {milestone.index + 1}. {milestone.title}
            </h3>
            <span
              className={`text-sm font-semibold capitalize ${statusTone[milestone.status]}`}
              data-testid="milestone-status"
            >
              {milestone.status}
            </span>
          </div>
          <p className="mt-1 text-sm text-soft">{milestone.description}</p>
          <p className="mt-2 text-xs text-muted">
            {formatFar(milestone.amountWei, 2)} FAR · due {milestone.dueDate.toLocaleDateString()}
            {milestone.status === 'pending' || milestone.status === 'submitted'
              ? ` · overdue after ${milestone.overdueAt.toLocaleDateString()}`
              : ''}
            {milestone.settlement ? ` · settled ${milestone.settlement.at.toLocaleDateString()}` : ''}
          </p>
          {milestone.deliverableHash ? (
            <p className="mt-2 break-all text-xs text-muted">
              Deliverable{' '}
              {milestone.deliverableUri ? (
                <a
                  href={milestone.deliverableUri}
                  className="text-brand-soft underline"
                  rel="noreferrer"
                  target="_blank"
                >
                  {milestone.deliverableUri}
                </a>
              ) : null}{' '}
              <span className="font-mono">sha256 {milestone.deliverableHash}</span>
            </p>
          ) : null}
          {milestone.reviewCount > 0 ? (
            <div className="mt-3 flex flex-col gap-2">
              <p className="text-xs text-muted">
                {milestone.outcome === 'pending'
                  ? `${milestone.reviewCount} review(s) in; ${threshold} matching decisions decide. Reviews are published once decided.`
                  : `Decided: ${milestone.outcome} (${milestone.approvals ?? 0} approve, ${milestone.rejections ?? 0} reject).`}
              </p>
              {milestone.reviews
                .filter((review) => review.body !== null)
                .map((review) => (
                  <blockquote
                    key={review.reviewer}
                    className="rounded-lg bg-surface-raised p-3 text-sm"
                    data-testid="review"
                  >
                    <p className="text-xs text-muted">
                      {shortAddress(review.reviewer)} ·{' '}
                      {review.decision === 'approve' ? 'approved' : 'rejected'}
                    </p>
                    <p className="mt-1 whitespace-pre-wrap text-soft">{review.body}</p>
                  </blockquote>
                ))}
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
