import type { ApiAnswer } from '../api/apiAnswer';
import { apiClient } from '../api/apiClient';
import { readApiData } from '../api/readApiData';

/** The score formula and every recent node's score with its measured inputs, from `GET /api/nodes/scores`. */
export type NodeScores = ApiAnswer<'/api/nodes/scores', 'get'>;

/**
 * Every recent node's score, payment adjustment, target and inputs, with the formula (public).
 * @param signal - to stop waiting
 * @returns the formula and the nodes, online first
 * @example const { formula, data } = await fetchNodeScores();
 */
export function fetchNodeScores(signal?: AbortSignal) {
  return readApiData(
    apiClient.GET('/api/nodes/scores', signal ? { signal } : {}),
    (scores: NodeScores) => scores,
  );
}
