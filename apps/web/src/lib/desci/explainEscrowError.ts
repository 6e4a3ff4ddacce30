import { BaseError, ContractFunctionRevertedError } from 'viem';

/** ResearchEscrow's custom errors, as a person reads them. */
const sentences: Record<string, string> = {
  NotResearcher: 'Only the proposal’s researcher can do this.',
  WrongStatus: 'The proposal’s status no longer allows this; refresh the page.',
  FundingClosed: 'Funding has closed for this proposal.',
  FundingStillOpen:
    'Funding is still open: backers can withdraw only after the deadline passes short of the goal.',
  NothingToWithdraw: 'You have nothing left to withdraw from this proposal.',
  NotCurrentMilestone: 'That is not the milestone under way.',
  WrongMilestoneStatus: 'The milestone’s status no longer allows this; refresh the page.',
  MilestoneIsOverdue: 'The milestone is past its due date and grace period: it can only be failed now.',
  MilestoneNotOverdue: 'The milestone is not overdue yet by the chain’s clock.',
  InvalidSignature: 'A reviewer signature was refused by the escrow.',
  NotReviewer: 'A signature is not from a reviewer on this proposal’s panel.',
  DuplicateReviewer: 'The same reviewer signed twice.',
  BelowThreshold: 'Not enough reviewer signatures yet.',
  EnforcedPause: 'Far DeSci is paused for new funding.',
};

/**
 * A sentence for a ResearchEscrow revert (its custom error decoded with the escrow's ABI), or
 * undefined when the error is not a revert (a rejected wallet prompt, a network failure), which the
 * caller then handles as before.
 *
 * @param error - anything a contract write threw.
 * @returns the explanation, or undefined.
 * @example
 * const message = explainEscrowError(error) ?? describeError(error);
 */
export function explainEscrowError(error: unknown): string | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((cause) => cause instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return undefined;
  const name = reverted.data?.errorName;
  return (name && sentences[name]) ?? reverted.shortMessage;
}
