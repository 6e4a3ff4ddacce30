import { signTournamentResult, tournamentPoolDomain } from '@far/contracts';
import type { Address, Hex, LocalAccount } from 'viem';

/** A ranking signed by a game server: what `submitResult` (or the Far API) takes. */
export type SignedResult = {
  tournamentId: bigint;
  /** Wallets, best first: the paid places only. */
  ranking: Address[];
  /** EIP-712 `TournamentResult` under the pool's domain. */
  signature: Hex;
  /** The game server that signed. */
  signer: Address;
};

export type SignResultParameters = {
  /** The game server's key (`privateKeyToAccount(process.env.GAME_SERVER_KEY)`); the admin approves its address. */
  account: Pick<LocalAccount, 'address' | 'signTypedData'>;
  chainId: number;
  pool: Address;
  tournamentId: bigint;
  ranking: readonly Address[];
};

/**
 * Signs a tournament's ranking with the game server's key. Sign only what your server verified (for
 * Farcana, by replaying every run): the pool pays out on this signature alone. The signature is bound
 * to the chain, the pool and the tournament, so it cannot be replayed anywhere else.
 *
 * @param parameters - the key, the pool's chain and address, the tournament and its ranking.
 * @returns the signed result.
 * @example
 * const result = await signResult({ account: privateKeyToAccount(key), chainId: 56, pool, tournamentId: 7n,
 *   ranking: [first, second, third] });
 */
export async function signResult(parameters: SignResultParameters): Promise<SignedResult> {
  const { account, tournamentId } = parameters;
  const ranking = [...parameters.ranking];
  const signature = await signTournamentResult(
    (typedData) => account.signTypedData(typedData),
    tournamentPoolDomain(parameters.chainId, parameters.pool),
    { tournamentId, ranking },
  );
  return { tournamentId, ranking, signature, signer: account.address };
}
