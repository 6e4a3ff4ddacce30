import type { Hex } from 'viem';
import { z } from 'zod';
import { FarcanaSdkError, type FarcanaSdkErrorCode } from './FarcanaSdkError.js';
import type { SignedResult } from './signResult.js';
import type { SubmittedResult } from './submitResult.js';

export type RelayResultParameters = {
  /** The Far API's origin, e.g. `https://api.farlabs.ai` (locally `http://localhost:4000`). */
  apiUrl: string;
  result: SignedResult;
  /** Defaults to the global `fetch`. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
};

const relayedSchema = z.object({
  transactionHash: z.string().regex(/^0x[0-9a-f]{64}$/i),
  disputeEndsAt: z.iso.datetime(),
});
const errorSchema = z.object({
  error: z.object({
    message: z.string(),
    details: z.object({ reason: z.string() }).partial().optional(),
  }),
});
const codes: readonly FarcanaSdkErrorCode[] = [
  'UNKNOWN_TOURNAMENT',
  'NOT_ACCEPTING_RESULTS',
  'NOT_GAME_SERVER',
  'INVALID_RANKING',
  'SUBMISSION_REVERTED',
];
const codeOfStatus = (status: number): FarcanaSdkErrorCode =>
  status === 404
    ? 'UNKNOWN_TOURNAMENT'
    : status === 401 || status === 403
      ? 'NOT_GAME_SERVER'
      : status === 400 || status === 422
        ? 'INVALID_RANKING'
        : status === 409
          ? 'NOT_ACCEPTING_RESULTS'
          : 'SUBMISSION_REVERTED';

/**
 * Hands a signed result to the Far API, which runs the pool's checks and posts it on chain, paying the
 * gas: for a game server without a chain connection or gas of its own. No API key: the signature is
 * the authority (`POST /api/gaming/tournaments/{tournamentId}/results`).
 *
 * @param parameters - the API's origin, the signed result, optionally a `fetch`.
 * @returns the transaction and when the dispute window closes.
 * @throws {FarcanaSdkError} with the code the API's check gave (the same as `checkResult`'s).
 * @example
 * const { disputeEndsAt } = await relayResult({ apiUrl: 'http://localhost:4000', result });
 */
export async function relayResult(parameters: RelayResultParameters): Promise<SubmittedResult> {
  const { result } = parameters;
  const send = parameters.fetch ?? fetch;
  const response = await send(`${parameters.apiUrl}/api/gaming/tournaments/${result.tournamentId}/results`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ranking: result.ranking, signature: result.signature }),
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = errorSchema.safeParse(body);
    const reason = error.success ? error.data.error.details?.reason : undefined;
    const code = codes.find((known) => known === reason) ?? codeOfStatus(response.status);
    throw new FarcanaSdkError(
      code,
      error.success ? error.data.error.message : `the API answered ${response.status}`,
    );
  }
  const relayed = relayedSchema.parse(body);
  return { transactionHash: relayed.transactionHash as Hex, disputeEndsAt: new Date(relayed.disputeEndsAt) };
}
