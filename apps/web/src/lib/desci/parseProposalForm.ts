import { type Address, isAddress } from 'viem';
import { parseFarInput } from '../format/parseFarInput';
import type { ProposalMetadata } from './desciEndpoints';

/** The create-proposal form as typed: every field a string, milestones as rows. */
export type ProposalFormValues = {
  title: string;
  field: string;
  abstract: string;
  /** One member a line: `Name — role` (or `Name, role`). */
  team: string;
  budgetNarrative: string;
  fundingDays: string;
  /** One wallet a line. */
  reviewers: string;
  threshold: string;
  milestones: { title: string; description: string; amount: string; dueDays: string }[];
};

/** The proposal ready to open: terms for the escrow, the page document for the API. */
export type ParsedProposal = {
  deadline: bigint;
  milestones: { amountWei: bigint; dueDate: bigint }[];
  reviewers: Address[];
  threshold: number;
  metadata: ProposalMetadata;
};

const DAY = 86_400n;

/**
 * Turns the create-proposal form into escrow terms and the page document, or says what is wrong in
 * words a researcher can act on. Due dates count days after the funding deadline, so they always
 * fall after it, as the escrow requires; the goal is the sum of the milestones.
 * @param values - the form as typed
 * @param now - unix seconds (the chain's latest block time)
 * @returns `{ ok: true, proposal }` or `{ ok: false, problem }`
 */
export function parseProposalForm(
  values: ProposalFormValues,
  now: bigint,
): { ok: true; proposal: ParsedProposal } | { ok: false; problem: string } {
  const fundingDays = Number(values.fundingDays);
  if (!Number.isInteger(fundingDays) || fundingDays < 1 || fundingDays > 365) {
    return { ok: false, problem: 'Funding must stay open 1 to 365 days.' };
  }
  const deadline = now + BigInt(fundingDays) * DAY;
  const milestones: ParsedProposal['milestones'] = [];
  let previousDays = 0;
  for (const [index, row] of values.milestones.entries()) {
    const amount = parseFarInput(row.amount);
    const dueDays = Number(row.dueDays);
    if (!row.title.trim() || !row.description.trim())
      return { ok: false, problem: `Describe milestone ${index + 1}.` };
    if (!amount.ok)
      return { ok: false, problem: `Milestone ${index + 1} needs an amount in FAR above zero.` };
    if (!Number.isInteger(dueDays) || dueDays <= previousDays) {
      return { ok: false, problem: `Milestone ${index + 1} must be due later than the one before it.` };
    }
    previousDays = dueDays;
    milestones.push({ amountWei: amount.wei, dueDate: deadline + BigInt(dueDays) * DAY });
  }
  const reviewers = values.reviewers
    .split(/[\s,]+/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (reviewers.length === 0 || !reviewers.every((r) => isAddress(r))) {
    return { ok: false, problem: 'List the reviewers’ wallet addresses, one a line.' };
  }
  const threshold = Number(values.threshold);
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > reviewers.length) {
    return { ok: false, problem: `The approvals needed must be between 1 and ${reviewers.length}.` };
  }
  const team = values.team
    .split('\n')
    .map((line) => line.split(/\s+[—-]\s+|,\s*/))
    .filter(([name]) => name?.trim())
    .map(([name, ...role]) => ({ name: (name ?? '').trim(), role: role.join(', ').trim() || 'Researcher' }));
  return {
    ok: true,
    proposal: {
      deadline,
      milestones,
      reviewers: reviewers as Address[],
      threshold,
      metadata: {
        title: values.title.trim(),
        abstract: values.abstract.trim(),
        field: values.field.trim(),
        team,
        budgetNarrative: values.budgetNarrative.trim(),
        milestones: values.milestones.map((row) => ({
          title: row.title.trim(),
          description: row.description.trim(),
        })),
      },
    },
  };
}
