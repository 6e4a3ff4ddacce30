import { z } from 'zod';
import type { Bus } from '../../bus/Bus.js';

/**
 * The bus channel on which Far DeSci announces a proposal's funding as it changes (a backer funded,
 * the goal was met, a milestone was released, backers withdrew). Proposal pages stream it live
 * (`GET /api/desci/proposals/{id}/live`). The bus is the doorbell, the chain the record: a message
 * carries the proposal's totals, not a delta, so a missed or repeated one leaves no page wrong.
 */
export const DESCI_FUNDING_CHANNEL = 'desci:funding';

const wei = z
  .union([z.bigint().nonnegative(), z.string().regex(/^\d{1,78}$/)])
  .transform((value) => BigInt(value));

/** One funding announcement; wei may be bigint or its decimal string (as it arrives through JSON). */
export const DesciFundingUpdateSchema = z.object({
  escrowAddress: z
    .string()
    .regex(/^0x[0-9a-fA-F]{40}$/)
    .transform((value) => value.toLowerCase()),
  proposalId: z
    .union([z.bigint().nonnegative(), z.string().regex(/^\d{1,30}$/)])
    .transform((value) => BigInt(value)),
  /** ResearchEscrow's `ProposalStatus` by name: funding, funded, completed, failed, unfunded, cancelled. */
  status: z.string().min(1).max(20),
  raisedWei: wei,
  goalWei: wei,
  releasedWei: wei,
  refundedWei: wei,
  /** The event that caused it, e.g. `ProposalBacked`. */
  cause: z.string().min(1).max(40),
  at: z.union([z.date(), z.iso.datetime()]).transform((value) => new Date(value)),
});

export type DesciFundingUpdate = z.output<typeof DesciFundingUpdateSchema>;
export type DesciFundingUpdateInput = z.input<typeof DesciFundingUpdateSchema>;

/**
 * Validates and publishes a proposal's funding totals on `desci:funding`.
 *
 * @param bus - the platform bus.
 * @param update - the proposal's totals after the event.
 * @returns the parsed update.
 * @throws ZodError for a malformed update, at the publisher rather than at every page.
 * @example
 * await publishDesciFunding(bus, { escrowAddress, proposalId: 1n, status: 'funding', raisedWei, goalWei,
 *   releasedWei: 0n, refundedWei: 0n, cause: 'ProposalBacked', at: new Date() });
 */
export async function publishDesciFunding(
  bus: Pick<Bus, 'publish'>,
  update: DesciFundingUpdateInput,
): Promise<DesciFundingUpdate> {
  const parsed = DesciFundingUpdateSchema.parse(update);
  await bus.publish(DESCI_FUNDING_CHANNEL, {
    ...parsed,
    proposalId: parsed.proposalId.toString(),
    raisedWei: parsed.raisedWei.toString(),
    goalWei: parsed.goalWei.toString(),
    releasedWei: parsed.releasedWei.toString(),
    refundedWei: parsed.refundedWei.toString(),
    at: parsed.at.toISOString(),
  });
  return parsed;
}
