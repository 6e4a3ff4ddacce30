import { researchEscrowAbi } from '@far/contracts';
import { type Address, getAddress, type PublicClient } from 'viem';

/** A backer of one proposal: what they gave in all, and what the escrow still holds for them. */
export type ProposalBacker = { backer: Address; givenWei: bigint; contributionWei: bigint };

/**
 * The backers of a proposal, largest first, from the escrow's `ProposalBacked` events (each carries the
 * backer's running contribution, so the last one per backer is what they gave) and `contributionOf`
 * (what is still theirs in escrow: zero once they were refunded).
 *
 * @param chain - the platform's chain client.
 * @param escrow - the ResearchEscrow address.
 * @param proposalId - the proposal.
 * @param fromBlock - the escrow's deployment block: no event is older.
 * @returns one entry per backer.
 * @example
 * const backers = await listProposalBackers(core.chain, escrow, 1n, BigInt(deployments.deployBlock));
 */
export async function listProposalBackers(
  chain: PublicClient,
  escrow: Address,
  proposalId: bigint,
  fromBlock: bigint,
): Promise<ProposalBacker[]> {
  const events = await chain.getContractEvents({
    address: escrow,
    abi: researchEscrowAbi,
    eventName: 'ProposalBacked',
    args: { proposalId },
    fromBlock,
    strict: true,
  });
  const given = new Map<Address, bigint>();
  // Events arrive in chain order; the latest running contribution per backer is what they gave.
  for (const event of events) given.set(getAddress(event.args.backer), event.args.contribution);
  const backers = await Promise.all(
    [...given].map(async ([backer, givenWei]) => ({
      backer,
      givenWei,
      contributionWei: await chain.readContract({
        address: escrow,
        abi: researchEscrowAbi,
        functionName: 'contributionOf',
        args: [proposalId, backer],
      }),
    })),
  );
  return backers.sort((a, b) => (a.givenWei === b.givenWei ? 0 : a.givenWei > b.givenWei ? -1 : 1));
}
