import { describe, expect, it } from 'vitest';
import { tallyMilestoneReviews } from './tallyMilestoneReviews.js';

describe('tallyMilestoneReviews', () => {
  it('stays pending until k reviewers approve', () => {
    expect(tallyMilestoneReviews(['approve'], 2)).toEqual({
      approvals: 1,
      rejections: 0,
      outcome: 'pending',
    });
    expect(tallyMilestoneReviews(['approve', 'reject'], 2).outcome).toBe('pending');
    expect(tallyMilestoneReviews(['approve', 'reject', 'approve'], 2).outcome).toBe('approved');
  });

  it('is rejected once k reviewers reject, as the escrow decides', () => {
    expect(tallyMilestoneReviews(['reject', 'reject'], 2)).toEqual({
      approvals: 0,
      rejections: 2,
      outcome: 'rejected',
    });
    expect(tallyMilestoneReviews(['reject', 'approve'], 2).outcome).toBe('pending');
  });

  it('counts nothing as pending', () => {
    expect(tallyMilestoneReviews([], 1).outcome).toBe('pending');
  });
});
