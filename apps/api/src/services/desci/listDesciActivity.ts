import type { Db } from '@far/db';
import { sql } from 'drizzle-orm';
import type { ActivityAccount, ActivityPageRequest, ServiceActivity } from '../../account/ServiceActivity.js';
import { selectActivityPage } from '../../account/selectActivityPage.js';

/**
 * Far DeSci's activity for one wallet, from the escrow's event history in the chain mirror: what it
 * backed (−the accepted amount), what it was paid back (+, unfunded or pro-rata after a failure), and
 * for a researcher each milestone released to them (+their part, after the platform fee). Each item
 * links the proposal's page.
 *
 * @param db - the database.
 * @param account - whose: the mirror names wallets (lowercase).
 * @param page - the limit and the cursor.
 * @returns the page, newest first.
 * @example
 * const items = await listDesciActivity(db, { userId, wallet }, { limit: 50, before: undefined });
 */
export function listDesciActivity(
  db: Db,
  account: ActivityAccount,
  page: ActivityPageRequest,
): Promise<ServiceActivity[]> {
  const wallet = account.wallet.toLowerCase();
  // Two branches (the wallet's own backings and refunds by actor, releases by researcher) so each
  // can use its index; an OR across the join could use neither.
  const items = sql`select 'desci:' || e.id as id,
      case e.event_name when 'ProposalBacked' then 'research_backing'
        when 'MilestoneReleased' then 'milestone_release' else 'backing_refund' end as kind,
      case e.event_name when 'ProposalBacked' then -e.amount_wei else e.amount_wei end as amount_wei,
      e.occurred_at as at, e.transaction_hash as tx_hash, e.proposal_id as subject_id,
      coalesce(pages.title, 'Proposal #' || e.proposal_id) as subject_title,
      '/desci/' || e.proposal_id as subject_href
    from (
      select * from desci_chain_events
        where actor_address = ${wallet} and amount_wei is not null
          and event_name in ('ProposalBacked', 'UnfundedWithdrawn', 'RemainderWithdrawn')
      union all
      select released.* from desci_chain_events released
        join desci_chain_proposals p
          on p.escrow_address = released.escrow_address and p.proposal_id = released.proposal_id
        where p.researcher_address = ${wallet} and released.amount_wei is not null
          and released.event_name = 'MilestoneReleased'
    ) e
    left join desci_proposal_pages pages
      on pages.escrow_address = e.escrow_address and pages.proposal_id = e.proposal_id`;
  return selectActivityPage(db, 'desci', items, page);
}
