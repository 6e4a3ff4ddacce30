import type { Db } from '@far/db';
import { sql } from 'drizzle-orm';
import type { ActivityAccount, ActivityPageRequest, ServiceActivity } from '../../account/ServiceActivity.js';
import { selectActivityPage } from '../../account/selectActivityPage.js';

/**
 * Farcana's activity for one wallet, from TournamentPool's chain mirror: entry fees paid (−), prizes
 * claimed (+) and entry fees refunded from a cancelled or unfilled tournament (+; the mirror keeps no
 * refund transaction). Each item names the tournament and links the Farcana page.
 *
 * @param db - the database.
 * @param account - whose: the mirror names wallets (lowercase).
 * @param page - the limit and the cursor.
 * @returns the page, newest first.
 * @example
 * const items = await listGamingActivity(db, { userId, wallet }, { limit: 50, before: undefined });
 */
export function listGamingActivity(
  db: Db,
  account: ActivityAccount,
  page: ActivityPageRequest,
): Promise<ServiceActivity[]> {
  const wallet = account.wallet.toLowerCase();
  const key = sql`pool_address || ':' || tournament_id || ':' || player_address`;
  const items = sql`select a.id, a.kind, a.amount_wei, a.at, a.tx_hash, a.tournament_id as subject_id,
      'Tournament #' || a.tournament_id || coalesce(' (' || t.mode || ')', '') as subject_title,
      '/gaming' as subject_href
    from (
      select 'gaming:entry:' || ${key} as id, 'tournament_entry' as kind, -entry_fee_wei as amount_wei,
        entered_at as at, entered_transaction_hash as tx_hash, pool_address, tournament_id
      from gaming_chain_entries where player_address = ${wallet}
      union all
      select 'gaming:prize:' || ${key}, 'tournament_prize', claimed_wei, claimed_at, claim_transaction_hash,
        pool_address, tournament_id
      from gaming_chain_entries
      where player_address = ${wallet} and claimed_at is not null and claimed_wei > 0
      union all
      select 'gaming:refund:' || ${key}, 'entry_refund', refunded_wei, refunded_at, null, pool_address,
        tournament_id
      from gaming_chain_entries
      where player_address = ${wallet} and refunded_at is not null and refunded_wei > 0
    ) a
    left join gaming_chain_tournaments t on t.pool_address = a.pool_address and t.tournament_id = a.tournament_id`;
  return selectActivityPage(db, 'gaming', items, page);
}
