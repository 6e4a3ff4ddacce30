import type { Deployments } from '@far/contracts';
import { type Db, type NodeSlashProposal, nodeSlashProposals } from '@far/db';
import { desc } from 'drizzle-orm';
import type { Hex, PublicClient } from 'viem';
import { readSlashesOnChain } from './readSlashesOnChain.js';
import type { OnChainSlash } from './readSlashOnChain.js';

/**
 * Where a slash stands, from its row and NodeBond: `unsent` (row waiting for its transaction),
 * `failed` (the contract refused it), else NodeBond's status (`proposed`, `contested`, `executed`,
 * `dismissed`); `proposed` where the chain cannot be read.
 */
type SlashState = 'unsent' | 'failed' | 'proposed' | 'contested' | 'executed' | 'dismissed';

/** The console's filters: `pending` is every slash not yet final and not contested (unsent or proposed). */
export const SLASH_FILTERS = ['pending', 'contested', 'executed', 'dismissed', 'failed'] as const;
type SlashFilter = (typeof SLASH_FILTERS)[number];

/** One slash proposal as the console lists it: the coordinator's row joined with NodeBond's record. */
type ConsoleSlash = {
  proposal: NodeSlashProposal;
  onChain: OnChainSlash | null;
  state: SlashState;
};

/** How many proposals the console reads, newest first. */
const LIST_LIMIT = 200;

function stateOf(proposal: NodeSlashProposal, onChain: OnChainSlash | null): SlashState {
  if (proposal.status === 'pending') return 'unsent';
  if (proposal.status === 'failed') return 'failed';
  if (!onChain || onChain.status === 'none') return 'proposed';
  return onChain.status;
}

function matches(state: SlashState, filter: SlashFilter | undefined): boolean {
  if (!filter) return true;
  if (filter === 'pending') return state === 'unsent' || state === 'proposed';
  return state === filter;
}

/**
 * The slash proposals (newest first, at most 200) with their on-chain state from NodeBond's
 * `slashOf`, optionally only those in one state. The proposals on chain are read in one multicall
 * (`readSlashesOnChain`), not one call each.
 *
 * @example
 * const contested = await listSlashProposals(db, { chain, deployments }, 'contested');
 */
export async function listSlashProposals(
  db: Db,
  chain: { chain?: PublicClient | undefined; deployments?: Deployments | undefined },
  filter?: SlashFilter,
): Promise<ConsoleSlash[]> {
  const rows = await db
    .select()
    .from(nodeSlashProposals)
    .orderBy(desc(nodeSlashProposals.createdAt))
    .limit(LIST_LIMIT);
  const onChainRows = rows.filter((p) => p.status === 'proposed');
  const read =
    chain.chain && chain.deployments && onChainRows.length > 0
      ? await readSlashesOnChain(
          chain.chain,
          chain.deployments,
          onChainRows.map((p) => p.evidenceHash as Hex),
        )
      : [];
  const onChainOf = new Map(onChainRows.map((p, i) => [p.evidenceHash, read[i] ?? null]));
  const listed: ConsoleSlash[] = [];
  for (const proposal of rows) {
    const onChain = onChainOf.get(proposal.evidenceHash) ?? null;
    const state = stateOf(proposal, onChain);
    if (matches(state, filter)) listed.push({ proposal, onChain, state });
  }
  return listed;
}
