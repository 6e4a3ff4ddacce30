import type { Db } from '@far/db';
import { createPollingLoop, type PollingLoop } from '../chain/createPollingLoop.js';
import type { Logger } from '../observability/createLogger.js';
import type { SlashClients } from './proposeSlash.js';
import { proposeSlashesFromAudits } from './proposeSlashesFromAudits.js';

/**
 * The background worker that turns failed audits into slash proposals on NodeBond
 * (`proposeSlashesFromAudits`), every `intervalMs` (default 30 s). Runs where the coordinator's
 * wallet is (it holds ORACLE_ROLE) and NodeBond is deployed.
 *
 * @param options - database, chain clients, logger and interval.
 * @returns the loop (`start()`, `stop()`).
 */
export function createSlashProposer(options: {
  db: Db;
  clients: SlashClients;
  logger: Logger;
  intervalMs?: number;
}): PollingLoop {
  const { db, clients, logger } = options;
  return createPollingLoop({
    intervalMs: options.intervalMs ?? 30_000,
    run: async () => {
      const handled = await proposeSlashesFromAudits(db, clients);
      if (handled > 0) logger.info({ handled }, 'slash proposals from failed audits');
    },
    onError: (error) => logger.error({ err: error }, 'slash proposer round failed'),
  });
}
