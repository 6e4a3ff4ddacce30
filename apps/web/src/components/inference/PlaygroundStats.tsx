import { formatFar } from '@/lib/format/formatFar';
import { formatUsd } from '@/lib/format/formatUsd';
import { measureStreamSpeed } from '@/lib/inference/measureStreamSpeed';
import { countRunTokens, type PlaygroundRunStats } from '@/lib/inference/playgroundRunStats';
import { Stat } from '../ui/Stat';

/** A run's figures: time to first token, speed, tokens, cost in FAR and USD, and the serving node. */
export function PlaygroundStats({ stats }: { stats: PlaygroundRunStats | null }) {
  const tokens = countRunTokens(stats);
  const timings = stats
    ? measureStreamSpeed(stats.startedAt, stats.firstTokenAt, stats.lastTokenAt, tokens)
    : { timeToFirstTokenMs: null, tokensPerSecond: null };
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-3" data-testid="playground-stats">
      <Stat
        label="Time to first token"
        value={timings.timeToFirstTokenMs === null ? '—' : `${Math.round(timings.timeToFirstTokenMs)} ms`}
      />
      <Stat
        label="Tokens / s"
        value={timings.tokensPerSecond === null ? '—' : timings.tokensPerSecond.toFixed(1)}
      />
      <Stat
        label="Tokens"
        testId="stat-tokens"
        value={stats ? String(tokens) : '—'}
        hint={stats?.promptTokens != null ? `${stats.promptTokens} prompt` : undefined}
      />
      <Stat
        label="Cost (FAR)"
        testId="stat-cost-far"
        value={stats?.costFarWei == null ? '—' : formatFar(stats.costFarWei, 8)}
      />
      <Stat label="Cost (USD)" value={stats?.costUsd == null ? '—' : formatUsd(stats.costUsd)} />
      <Stat label="Served by" testId="stat-node" value={stats?.nodeId ?? '—'} />
    </div>
  );
}
