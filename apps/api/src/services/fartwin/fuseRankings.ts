/** Reciprocal-rank fusion's constant: dampens the head so one list cannot drown the other (Cormack et al. use 60). */
const RRF_K = 60;

/**
 * Reciprocal-rank fusion: each id scores Σ 1 / (k + rank) over the lists it appears in (rank from
 * 1), so an id both rankings place high wins, and scores of different scales (ts_rank_cd, cosine)
 * never need calibrating against each other.
 *
 * @param rankings - id lists, best first.
 * @returns every id once, best fused score first (ties keep first-seen order), with its score.
 * @example
 * fuseRankings([['a', 'b'], ['b', 'c']]) // b first: it is in both lists
 */
export function fuseRankings(rankings: readonly (readonly string[])[]): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  for (const ranking of rankings) {
    ranking.forEach((id, i) => {
      scores.set(id, (scores.get(id) ?? 0) + 1 / (RRF_K + i + 1));
    });
  }
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}
