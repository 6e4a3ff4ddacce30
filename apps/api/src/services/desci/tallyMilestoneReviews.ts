import type { DesciReviewDecision } from '@far/db';

/** Where a milestone's review stands: decided once k reviewers approve, or once k reject. */
export type MilestoneReviewTally = {
  approvals: number;
  rejections: number;
  outcome: 'approved' | 'rejected' | 'pending';
};

/**
 * Counts a milestone's reviews against its panel's threshold, as ResearchEscrow decides: k approval
 * signatures release the milestone, k rejection signatures reject it. A decided milestone's written
 * reviews become public; before that each reviewer decides without reading the others.
 *
 * @param decisions - one decision per reviewer who reviewed (the table allows one each).
 * @param threshold - k, the approvals a release (or the rejections a rejection) needs.
 * @returns the counts and the outcome.
 * @example
 * tallyMilestoneReviews(['approve', 'reject', 'approve'], 2); // { approvals: 2, rejections: 1, outcome: 'approved' }
 */
export function tallyMilestoneReviews(
  decisions: readonly DesciReviewDecision[],
  threshold: number,
): MilestoneReviewTally {
  const approvals = decisions.filter((decision) => decision === 'approve').length;
  const rejections = decisions.length - approvals;
  const outcome = approvals >= threshold ? 'approved' : rejections >= threshold ? 'rejected' : 'pending';
  return { approvals, rejections, outcome };
}
