import { apiClient, bearer } from '../api/apiClient';
import { readApiData } from '../api/readApiData';

/**
 * The signed-in creator's earnings per twin (chats, tokens, creator fee earned, pending vs settled
 * on chain), wei as bigint.
 *
 * @param accessToken - the session's access token.
 * @returns the twins (most earned first) and the totals.
 */
export function fetchTwinEarnings(accessToken: string) {
  return readApiData(apiClient.GET('/api/fartwin/earnings', { headers: bearer(accessToken) }), (body) => ({
    twins: body.twins.map((twin) => ({
      ...twin,
      earnedWei: BigInt(twin.earnedWei),
      settledWei: BigInt(twin.settledWei),
      pendingWei: BigInt(twin.pendingWei),
    })),
    totals: {
      earnedWei: BigInt(body.totals.earnedWei),
      settledWei: BigInt(body.totals.settledWei),
      pendingWei: BigInt(body.totals.pendingWei),
    },
  }));
}
