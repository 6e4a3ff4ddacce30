import type { Hex, TypedDataDomain } from 'viem';
import {
  type TournamentResult,
  tournamentResultPrimaryType,
  tournamentResultTypes,
} from './tournamentResultTypes';

/** The typed data of one result, as `signTypedData` takes it. */
export type TournamentResultTypedData = {
  domain: TypedDataDomain;
  types: typeof tournamentResultTypes;
  primaryType: typeof tournamentResultPrimaryType;
  message: TournamentResult;
};

/** Whatever signs typed data with the game server's key: a viem account's or wallet client's `signTypedData`. */
export type SignTournamentResultTypedData = (typedData: TournamentResultTypedData) => Promise<Hex>;

/**
 * Signs a tournament result as its game server, for `TournamentPool.submitResults(id, ranking, signature)`.
 * Sign only after replaying every ranked run: the contract trusts this signature and nothing else.
 *
 * @param signTypedData Signs as the tournament's game server (e.g. `privateKeyToAccount(key).signTypedData`).
 * @param domain `tournamentPoolDomain(chainId, pool)`.
 * @param result The tournament id and its ranked wallets, best first.
 * @returns The 65-byte signature.
 * @example
 * const signature = await signTournamentResult(server.signTypedData, tournamentPoolDomain(31337, pool), {
 *   tournamentId: 1n, ranking: [alice, bob] });
 */
export function signTournamentResult(
  signTypedData: SignTournamentResultTypedData,
  domain: TypedDataDomain,
  result: TournamentResult,
): Promise<Hex> {
  return signTypedData({
    domain,
    types: tournamentResultTypes,
    primaryType: tournamentResultPrimaryType,
    message: result,
  });
}
