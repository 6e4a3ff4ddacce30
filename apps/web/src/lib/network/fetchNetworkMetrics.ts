import type { ApiAnswer } from '../api/apiAnswer';
import { apiClient } from '../api/apiClient';
import { readApiData } from '../api/readApiData';

type Series = ApiAnswer<'/api/network/metrics', 'get'>;

/** One point of the network metrics series, as the charts plot it (`at` in epoch ms). */
export type NetworkMetricsPoint = Omit<Series['points'][number], 'at'> & { at: number };

const toSeries = (series: Series) => ({
  resolution: series.resolution,
  points: series.points.map((point): NetworkMetricsPoint => ({ ...point, at: Date.parse(point.at) })),
});

/**
 * The network metrics series over the last `hours` (public): nodes online, by model, tokens/s,
 * requests, errors, queue depth. The API picks the finest resolution it keeps for the range.
 * @param options - `hours` back from now; `signal` to stop waiting
 * @returns the resolution read and its points, oldest first
 * @example const { points } = await fetchNetworkMetrics({ hours: 24 });
 */
export function fetchNetworkMetrics(options: { hours: number; signal?: AbortSignal }) {
  const from = new Date(Date.now() - options.hours * 3_600_000).toISOString();
  return readApiData(
    apiClient.GET('/api/network/metrics', {
      params: { query: { from } },
      ...(options.signal ? { signal: options.signal } : {}),
    }),
    toSeries,
  );
}
