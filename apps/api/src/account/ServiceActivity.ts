import type { Db } from '@far/db';

/**
 * What happened, from the wallet's side. Amounts: what the user paid out is negative; what arrived
 * in the wallet, or was credited to a balance it withdraws on chain (a studio's sale or royalty), is
 * positive; a withdrawal of such a balance (`studio_withdrawal`) is negative, as a payout is in a
 * Stripe balance or an escrow withdrawal in the ledger, so the FAR is counted once, when it was
 * earned, and the rows of a balance sum to what it holds now; a download moves no money (0).
 */
export type ServiceActivityKind =
  | 'game_purchase'
  | 'game_refund'
  | 'game_sale'
  | 'licence_resale'
  | 'royalty'
  | 'game_download'
  | 'studio_withdrawal'
  | 'research_backing'
  | 'backing_refund'
  | 'milestone_release'
  | 'tournament_entry'
  | 'tournament_prize'
  | 'entry_refund';

/** The thing an activity is about: a game, a proposal, a tournament, with its page in the web app. */
export type ActivitySubject = { id: string; title: string; href: string | null };

/** One movement in a service, read from the service's chain mirror (or its own log, for downloads). */
export type ServiceActivity = {
  /** Unique across every service and the ledger: `gamed:purchase:…`, `desci:…`, a ledger uuid. */
  id: string;
  /** The service id (`gamed`, `desci`, `gaming`). */
  service: string;
  kind: ServiceActivityKind;
  /** Signed wei: negative when it left the wallet (see ServiceActivityKind). */
  amountWei: bigint;
  /** The block's time for chain events; whole milliseconds. */
  createdAt: Date;
  /** The chain transaction, when the mirror recorded it. */
  txHash: string | null;
  subject: ActivitySubject | null;
};

/**
 * A position in the history, which is ordered newest first by (time in whole milliseconds, id):
 * the next page holds what sorts after it.
 */
export type ActivityCursor = { createdAt: Date; id: string };

/** Which page of a history: at most `limit` items sorting after `before` (from the start without it). */
export type ActivityPageRequest = { limit: number; before: ActivityCursor | undefined };

/** Whose history: the user and their wallet (lowercase), which is who the chain mirrors name. */
export type ActivityAccount = { userId: string; wallet: string };

/**
 * Lists a service's activity for one account, newest first, from the database only (its chain
 * mirror), never the chain: at most `page.limit` items after `page.before`.
 */
export type ListServiceActivity = (
  db: Db,
  account: ActivityAccount,
  page: ActivityPageRequest,
) => Promise<ServiceActivity[]>;
