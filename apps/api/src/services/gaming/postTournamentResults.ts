import { signTournamentResult, tournamentPoolAbi, tournamentPoolDomain } from '@far/contracts';
import { type Db, gamingResultSubmissions } from '@far/db';
import { eq } from 'drizzle-orm';
import type { Address, PublicClient } from 'viem';
import type { CoordinatorWallet } from '../../chain/createCoordinatorWallet.js';
import type { Logger } from '../../observability/createLogger.js';
import { rankTournamentEntrants } from './rankTournamentEntrants.js';
import type { TournamentDirectory, TournamentSlot } from './TournamentDirectory.js';

export type PostTournamentResultsDependencies = {
  db: Db;
  tournaments: TournamentDirectory;
  chain: PublicClient;
  /** Sends as the game server: its account signs the result too. */
  wallet: CoordinatorWallet;
  chainId: number;
  pool: Address;
  logger: Logger;
};

/** The ranking to post: the one already signed for this tournament, or a fresh one from the runs. */
async function rankingFor(
  deps: PostTournamentResultsDependencies,
  tournament: TournamentSlot,
): Promise<string[]> {
  const [existing] = await deps.db
    .select()
    .from(gamingResultSubmissions)
    .where(eq(gamingResultSubmissions.tournamentId, tournament.id));
  if (existing) return existing.ranking;
  const entrants = await deps.tournaments.entrants(tournament.id);
  const ranking = await rankTournamentEntrants(deps.db, tournament.id, entrants, tournament.places);
  if (ranking.length === 0) return ranking;
  // Stored before signing: a crash or retry posts this ranking again, never a second one.
  await deps.db
    .insert(gamingResultSubmissions)
    .values({ tournamentId: tournament.id, ranking, status: 'signed' })
    .onConflictDoNothing();
  const [stored] = await deps.db
    .select()
    .from(gamingResultSubmissions)
    .where(eq(gamingResultSubmissions.tournamentId, tournament.id));
  return stored?.ranking ?? ranking;
}

async function postOne(deps: PostTournamentResultsDependencies, tournament: TournamentSlot): Promise<void> {
  const ranking = (await rankingFor(deps, tournament)) as Address[];
  if (ranking.length === 0) return;
  const tournamentId = BigInt(tournament.id);
  const account = deps.wallet.account;
  const signature = await signTournamentResult(
    (typedData) => account.signTypedData?.(typedData) ?? deps.wallet.signTypedData({ account, ...typedData }),
    tournamentPoolDomain(deps.chainId, deps.pool),
    { tournamentId, ranking },
  );
  const { request } = await deps.chain.simulateContract({
    account,
    address: deps.pool,
    abi: tournamentPoolAbi,
    functionName: 'submitResults',
    args: [tournamentId, ranking, signature],
  });
  const hash = await deps.wallet.writeContract(request);
  const update = (values: Partial<typeof gamingResultSubmissions.$inferInsert>) =>
    deps.db
      .update(gamingResultSubmissions)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(gamingResultSubmissions.tournamentId, tournament.id));
  await update({ status: 'sent', txHash: hash });
  const receipt = await deps.chain.waitForTransactionReceipt({ hash });
  await update(
    receipt.status === 'success' ? { status: 'confirmed' } : { status: 'failed', error: 'reverted' },
  );
  deps.logger.info({ tournamentId: tournament.id, hash, places: ranking.length }, 'tournament result posted');
}

/**
 * Posts the results of every ended tournament this server judges: ranks the entrants' verified
 * runs, signs the ranking with the game server's key (EIP-712 `TournamentResult`) and submits it to
 * `TournamentPool`. Idempotent: a tournament leaves the list once the chain mirror shows its result,
 * and the ranking signed first is the one sent on every retry. One tournament's failure is logged
 * and retried on the next pass, without holding up the others.
 *
 * @param deps - database, tournaments, chain clients, pool, logger.
 * @param now - the moment to compare tournament ends against.
 */
export async function postTournamentResults(
  deps: PostTournamentResultsDependencies,
  now: Date,
): Promise<void> {
  for (const tournament of await deps.tournaments.awaitingResults(now)) {
    try {
      await postOne(deps, tournament);
    } catch (error) {
      deps.logger.warn(
        { err: error, tournamentId: tournament.id },
        'posting a tournament result failed; will retry',
      );
    }
  }
}
