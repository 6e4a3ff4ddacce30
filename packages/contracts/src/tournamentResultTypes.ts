import type { Address } from 'viem';

/**
 * EIP-712 types of a tournament result: the wallets a game server ranked (best first) after replaying
 * every run of tournament `tournamentId`. `TournamentPool.submitResults` accepts it only with the
 * signature of that tournament's (approved) game server, under `tournamentPoolDomain`.
 */
export const tournamentResultTypes = {
  TournamentResult: [
    { name: 'tournamentId', type: 'uint256' },
    { name: 'ranking', type: 'address[]' },
  ],
} as const;

/** The message of one result: the paid places only, at most the prize table's length. */
export type TournamentResult = { tournamentId: bigint; ranking: readonly Address[] };

/** The `primaryType` to pass to viem's `signTypedData`. */
export const tournamentResultPrimaryType = 'TournamentResult' as const;
