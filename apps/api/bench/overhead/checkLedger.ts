import { join } from 'node:path';
import { createDb, inferenceTasks, ledgerReservations } from '@far/db';
import { eq, inArray } from 'drizzle-orm';
import { auditLedger } from '../../src/ledger/auditLedger.js';
import { getBalances } from '../../src/ledger/getBalances.js';
import { getFarUsdPrice } from '../../src/price/getFarUsdPrice.js';
import { tokensCostWei } from '../../src/services/inference/priceTokens.js';
import { FAR_DEMO_USD_PER_1M } from '../../test/support/farDemoModel.js';
import type { BenchChain } from './prepareBenchChain.js';
import type { FarStack } from './startFarStack.js';

/** A task as the billing checks read it. */
export type BilledTask = {
  prompt: string | null;
  status: string;
  promptTokens: number | null;
  completionTokens: number | null;
  costFarWei: bigint | null;
};

/** The ledger once Far has stopped. */
export type LedgerCheck = {
  tasks: BilledTask[];
  /** Tasks whose recorded cost is not the price of their recorded tokens. */
  mispriced: number;
  /** Tasks still pending or running. */
  unfinished: number;
  openReservations: number;
  /** Σ of the users' reserved balances. */
  reservedLeftWei: bigint;
  /** Whether {@link auditLedger} found the double-entry ledger consistent. */
  auditOk: boolean;
  /** The cost of `tokens` tokens of far-demo at the chain's price. */
  costOf(tokens: number): bigint;
};

/**
 * Stops the stack's API (SIGTERM: it drains and closes its database), opens the database it
 * used — the run's Postgres database, or its PGlite files — and reads the ledger: every task,
 * whether each was charged the price of its recorded tokens, what is still reserved, and the audit.
 *
 * @param stack - the stack (its API is stopped); `chain` for the FAR/USD price.
 * @returns what the ledger holds.
 * @example
 * const ledger = await checkLedger(far, chain);
 * if (ledger.reservedLeftWei !== 0n) …
 */
export async function checkLedger(stack: FarStack, chain: BenchChain): Promise<LedgerCheck> {
  const stopped = await stack.api.stop();
  if (stopped.code !== 0) throw new Error(`the API did not stop cleanly: ${JSON.stringify(stopped)}`);
  const price = await getFarUsdPrice(chain.bed.publicClient, chain.bed.deployments);
  const perMillion = FAR_DEMO_USD_PER_1M;
  const costOf = (tokens: number) => (tokens === 0 ? 0n : tokensCostWei(tokens, perMillion, price));
  const opened =
    stack.postgres ?? (await createDb({ driver: 'pglite', dataDir: join(stack.dataDir, 'pglite') }));
  try {
    const { db } = opened;
    const tasks = await db
      .select({
        prompt: inferenceTasks.prompt,
        status: inferenceTasks.status,
        promptTokens: inferenceTasks.promptTokens,
        completionTokens: inferenceTasks.completionTokens,
        costFarWei: inferenceTasks.costFarWei,
      })
      .from(inferenceTasks)
      .where(inArray(inferenceTasks.userId, stack.userIds));
    const open = await db
      .select({ id: ledgerReservations.id })
      .from(ledgerReservations)
      .where(eq(ledgerReservations.status, 'open'));
    let reservedLeftWei = 0n;
    for (const userId of stack.userIds) reservedLeftWei += (await getBalances(db, userId)).reserved;
    return {
      tasks,
      mispriced: tasks.filter(
        (t) =>
          t.status === 'completed' &&
          t.costFarWei !== costOf((t.promptTokens ?? 0) + (t.completionTokens ?? 0)),
      ).length,
      unfinished: tasks.filter((t) => t.status === 'pending' || t.status === 'running').length,
      openReservations: open.length,
      reservedLeftWei,
      auditOk: (await auditLedger(db)).ok,
      costOf,
    };
  } finally {
    if (opened !== stack.postgres) await opened.close();
  }
}
