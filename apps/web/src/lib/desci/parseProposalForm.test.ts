import { describe, expect, it } from 'vitest';
import { type ProposalFormValues, parseProposalForm } from './parseProposalForm';

const reviewers = [
  '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
  '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
  '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955',
];

const values: ProposalFormValues = {
  title: ' Sleep spindles ',
  field: 'Neuroscience',
  abstract: 'Closed-loop audio.',
  team: 'Ada Reyes — Principal investigator\nLin Chen, Engineer',
  budgetNarrative: 'EEG headsets.',
  fundingDays: '7',
  reviewers: reviewers.join('\n'),
  threshold: '2',
  milestones: [
    { title: 'Pilot', description: 'Ten participants.', amount: '40', dueDays: '30' },
    { title: 'Full study', description: 'Sixty participants.', amount: '60.5', dueDays: '90' },
  ],
};

describe('parseProposalForm', () => {
  it('turns the form into escrow terms and the page document', () => {
    const parsed = parseProposalForm(values, 1_000n);
    if (!parsed.ok) throw new Error(parsed.problem);
    const deadline = 1_000n + 7n * 86_400n;
    expect(parsed.proposal.deadline).toBe(deadline);
    expect(parsed.proposal.milestones).toEqual([
      { amountWei: 40n * 10n ** 18n, dueDate: deadline + 30n * 86_400n },
      { amountWei: 605n * 10n ** 17n, dueDate: deadline + 90n * 86_400n },
    ]);
    expect(parsed.proposal.threshold).toBe(2);
    expect(parsed.proposal.metadata.title).toBe('Sleep spindles');
    expect(parsed.proposal.metadata.team).toEqual([
      { name: 'Ada Reyes', role: 'Principal investigator' },
      { name: 'Lin Chen', role: 'Engineer' },
    ]);
  });

  it('says what is wrong instead of opening a proposal the escrow would refuse', () => {
    const later = values.milestones[1];
    if (!later) throw new Error('fixture');
    const cases: [Partial<ProposalFormValues>, RegExp][] = [
      [{ fundingDays: '0' }, /1 to 365 days/],
      [{ threshold: '4' }, /between 1 and 3/],
      [{ reviewers: 'not-a-wallet' }, /wallet addresses/],
      [{ milestones: [later, { ...later, dueDays: '10' }] }, /due later/],
      [{ milestones: [{ ...later, amount: '0' }] }, /amount in FAR/],
    ];
    for (const [change, problem] of cases) {
      const parsed = parseProposalForm({ ...values, ...change }, 1_000n);
      expect(parsed.ok ? 'ok' : parsed.problem).toMatch(problem);
    }
  });
});
