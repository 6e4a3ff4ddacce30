import type { Address } from 'viem';
import { describe, expect, it } from 'vitest';
import type { Proposal } from './desciEndpoints';
import { proposalExits } from './proposalExits';

const researcher = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65' as Address;
const backer = '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720' as Address;
const stranger = '0xBcd4042DE499D14e55001CcbB24a551F3b954096' as Address;
const now = new Date('2027-01-10T00:00:00Z');

function proposal(
  overrides: Partial<Proposal>,
  backers: Partial<Proposal['backers'][number]>[] = [],
): Proposal {
  return {
    researcher,
    status: 'funding',
    currentMilestone: 0,
    milestones: [{ index: 0, overdueAt: new Date('2027-01-05T00:00:00Z') }],
    backers: backers.map((b) => ({ backer, givenWei: 10n, contributionWei: 10n, refundableWei: 0n, ...b })),
    ...overrides,
  } as Proposal;
}

describe('proposalExits', () => {
  it('lets only the researcher cancel, and only while funding', () => {
    expect(proposalExits(proposal({}), researcher, now).cancel).toEqual({ allowed: true });
    expect(proposalExits(proposal({}), stranger, now).cancel).toBeNull();
    expect(proposalExits(proposal({ status: 'funded' }), researcher, now).cancel).toMatchObject({
      allowed: false,
    });
  });

  it('lets anyone fail a funded proposal only after the current milestone’s due date plus grace', () => {
    const funded = proposal({ status: 'funded' });
    expect(proposalExits(funded, undefined, now).failOverdue).toMatchObject({ allowed: true });
    const early = proposalExits(funded, undefined, new Date('2027-01-04T00:00:00Z')).failOverdue;
    expect(early).toMatchObject({ allowed: false, overdueAt: new Date('2027-01-05T00:00:00Z') });
    expect(proposalExits(proposal({}), undefined, now).failOverdue.allowed).toBe(false);
  });

  it('offers a backer everything back when unfunded or cancelled, the pro-rata share when failed', () => {
    const unfunded = proposal({ status: 'unfunded' }, [{ refundableWei: 10n }]);
    expect(proposalExits(unfunded, backer, now).withdraw).toEqual({
      allowed: true,
      call: 'withdrawUnfunded',
      amountWei: 10n,
    });
    const failed = proposal({ status: 'failed' }, [{ refundableWei: 6n }]);
    expect(proposalExits(failed, backer, now).withdraw).toEqual({
      allowed: true,
      call: 'withdrawRemainder',
      amountWei: 6n,
    });
  });

  it('explains why a backer cannot withdraw: on track, already withdrawn, or not a backer', () => {
    expect(proposalExits(proposal({ status: 'funded' }, [{}]), backer, now).withdraw).toMatchObject({
      allowed: false,
      call: null,
    });
    const withdrawn = proposal({ status: 'failed' }, [{ contributionWei: 0n }]);
    expect(proposalExits(withdrawn, backer, now).withdraw).toMatchObject({
      allowed: false,
      reason: 'You have withdrawn your FAR from this proposal.',
    });
    expect(proposalExits(proposal({ status: 'failed' }, [{}]), stranger, now).withdraw).toBeNull();
  });
});
