import type { Deployments } from '@far/contracts';
import { type Db, type NodeSlashProposal, nodeSlashProposals } from '@far/db';
import { desc } from 'drizzle-orm';
import type { Hex, PublicClient } from 'viem';
import { type OnChainSlash, readSlashOnChain } from './readSlashOnChain.js';

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
 * `slashOf`, optionally only those in one state. Reads the chain once per proposal on chain: an
 * operator route, not a hot path.
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
  const listed: ConsoleSlash[] = [];
  for (const proposal of rows) {
    const onChain =
      proposal.status === 'proposed' && chain.chain && chain.deployments
        ? await readSlashOnChain(chain.chain, chain.deployments, proposal.evidenceHash as Hex)
        : null;
    const state = stateOf(proposal, onChain);
    if (matches(state, filter)) listed.push({ proposal, onChain, state });
  }
  return listed;
}
