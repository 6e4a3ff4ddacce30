import type { Db } from '@far/db';
import { sql } from 'drizzle-orm';
import type { ActivityAccount, ActivityPageRequest, ServiceActivity } from '../../account/ServiceActivity.js';
import { selectActivityPage } from '../../account/selectActivityPage.js';

/**
 * Far GameD's activity for one wallet, from the chain mirror and the download log: purchases (−price),
 * refunds (+price; the mirror keeps no refund transaction), resales bought (−price) and sold (+the
 * seller's proceeds), and for a studio its settled sales (+its share) and royalties (+royalty), both
 * credited to its balance in GameLicenses, then its withdrawals of that balance (−amount: the FAR left
 * the balance; it was counted when it was credited, so the studio's sales, royalties and withdrawals
 * sum to the balance it may still withdraw). Downloads move no money (0). Each item links the game's
 * store page when it has one.
 *
 * @param db - the database.
 * @param account - whose: the mirror names wallets (lowercase).
 * @param page - the limit and the cursor.
 * @returns the page, newest first.
 * @example
 * const items = await listGamedActivity(db, { userId, wallet }, { limit: 50, before: undefined });
 */
export function listGamedActivity(
  db: Db,
  account: ActivityAccount,
  page: ActivityPageRequest,
): Promise<ServiceActivity[]> {
  const wallet = account.wallet.toLowerCase();
  const items = sql`select a.id, a.kind, a.amount_wei, a.at, a.tx_hash, a.game_id as subject_id,
      coalesce(pages.title, 'Game #' || a.game_id) as subject_title,
      case when pages.slug is null then null else '/gamed/' || pages.slug end as subject_href
    from (
      select 'gamed:purchase:' || contract_address || ':' || purchase_id as id, 'game_purchase' as kind,
        -price_wei as amount_wei, purchased_at as at, purchase_transaction_hash as tx_hash,
        contract_address, game_id
      from gamed_chain_purchases where buyer_address = ${wallet}
      union all
      select 'gamed:refund:' || contract_address || ':' || purchase_id, 'game_refund', price_wei,
        refunded_at, null, contract_address, game_id
      from gamed_chain_purchases
      where buyer_address = ${wallet} and status = 'refunded' and refunded_at is not null
      union all
      select 'gamed:sale:' || p.contract_address || ':' || p.purchase_id, 'game_sale', p.studio_share_wei,
        p.settled_at, null, p.contract_address, p.game_id
      from gamed_chain_purchases p
      join gamed_chain_games g on g.contract_address = p.contract_address and g.game_id = p.game_id
      where g.studio_address = ${wallet} and p.status = 'settled' and p.settled_at is not null
        and p.studio_share_wei is not null
      union all
      select 'gamed:resale-bought:' || contract_address || ':' || listing_id, 'licence_resale', -price_wei,
        closed_at, sold_transaction_hash, contract_address, game_id
      from gamed_chain_listings where buyer_address = ${wallet} and status = 'sold' and closed_at is not null
      union all
      select 'gamed:resale-sold:' || contract_address || ':' || listing_id, 'licence_resale',
        coalesce(seller_proceeds_wei, 0), closed_at, sold_transaction_hash, contract_address, game_id
      from gamed_chain_listings where seller_address = ${wallet} and status = 'sold' and closed_at is not null
      union all
      select 'gamed:royalty:' || l.contract_address || ':' || l.listing_id, 'royalty', l.royalty_wei,
        l.closed_at, l.sold_transaction_hash, l.contract_address, l.game_id
      from gamed_chain_listings l
      join gamed_chain_games g on g.contract_address = l.contract_address and g.game_id = l.game_id
      where g.studio_address = ${wallet} and l.status = 'sold' and l.closed_at is not null
        and l.royalty_wei > 0
      union all
      select 'gamed:withdrawal:' || contract_address || ':' || transaction_hash || ':' || log_index,
        'studio_withdrawal', -amount_wei, withdrawn_at, transaction_hash, contract_address, null
      from gamed_chain_withdrawals where studio_address = ${wallet}
      union all
      select 'gamed:download:' || d.id, 'game_download', 0, d.created_at, null, p.licenses_address,
        p.chain_game_id
      from gamed_downloads d join gamed_game_pages p on p.id = d.page_id
      where d.wallet = ${wallet}
    ) a
    left join gamed_game_pages pages
      on pages.licenses_address = a.contract_address and pages.chain_game_id = a.game_id`;
  return selectActivityPage(db, 'gamed', items, page);
}
