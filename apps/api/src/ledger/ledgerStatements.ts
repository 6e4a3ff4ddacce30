import { createStatementCache } from '@far/db';

/**
 * The ledger's statements rendered once per shape (issue 12): the postings statement with what
 * rides along (applyLedgerPostings), and those riding statements run alone on a replay (reserve,
 * settleReservation). One cache, so their keys share one namespace: prefix a key with what builds it.
 */
export const ledgerStatements = createStatementCache();
