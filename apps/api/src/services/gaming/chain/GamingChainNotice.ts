/** The bus channel the gaming chain follower rings after each applied block range. */
export const GAMING_CHAIN_CHANNEL = 'gaming:chain';

/**
 * What changed on chain for one tournament (`event` is the TournamentPool event name). A doorbell:
 * readers fetch the tournament's state from the database (the chain mirror), not from the notice.
 */
export type GamingChainNotice = {
  poolAddress: string;
  tournamentId: string;
  event: string;
  /** The wallet the event is about (entrant, winner, disputant), lowercase; absent for tournament-wide events. */
  wallet?: string;
  /** A prize claimed: the amount in wei, so the winner's revenue view can add it. */
  prizeWei?: bigint;
  at: Date;
};
