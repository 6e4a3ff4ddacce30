'use client';

import { useNodeScores } from '@/hooks/useNodeScores';
import type { NodeScores as NodeScoresAnswer } from '@/lib/network/fetchNodeScores';
import { DataState } from '../ui/DataState';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const signed = (x: number) => `${x > 0 ? '+' : ''}${x}%`;

/** The formula in words, from the weights the API scores with (never a copy that could drift). */
function ScoreFormula({ formula }: { formula: NodeScoresAnswer['formula'] }) {
  const w = (x: number) => x.toFixed(2);
  const memory = formula.score_memory;
  return (
    <div
      className="rounded-xl border border-line bg-surface p-4 text-sm text-soft"
      data-testid="score-formula"
    >
      <p className="font-mono text-xs text-bright">
        target = 100 × ({w(formula.weights.uptime)}·uptime + {w(formula.weights.speed)}·speed +{' '}
        {w(formula.weights.latency)}·latency + {w(formula.weights.audits)}·audits +{' '}
        {w(formula.weights.accuracy)}
        ·accuracy)
        <br />
        score ← {memory}·score + {(1 - memory).toFixed(1)}·target, after every task
        <br />
        payment adjustment = (round(score) − {formula.neutral_score}) / 2, within ±10 % of the node's 60 %
        share
      </p>
      <p className="mt-2 text-muted">
        Uptime: the share of the last {formula.uptime_window_hours / 24} days (or since first seen) the node
        was connected and heartbeating. Speed: measured tokens/s over the model's expected speed, capped at 1
        (last {formula.performance_window_hours} h). Latency: min(1, {formula.target_first_token_latency_ms}{' '}
        ms ÷ time to first token). Audits: canaries and spot-checks passed. Accuracy: the task finished and
        its claimed usage matched what the coordinator counted. Every input is measured by the coordinator,
        none reported by the node.
      </p>
    </div>
  );
}

/**
 * Every recent node's score with the inputs it is made of (uptime, speed vs expected, time to first
 * token, audit pass rate), where the score is heading, and the payment adjustment it earns.
 */
export function NodeScores() {
  const query = useNodeScores();
  return (
    <section aria-labelledby="node-scores" className="flex flex-col gap-4">
      <h2 id="node-scores" className="text-xl font-semibold">
        Node scores
      </h2>
      <DataState
        query={query}
        empty="No node has been seen in the last week."
        isEmpty={(s) => s.data.length === 0}
      >
        {(scores) => (
          <>
            <ScoreFormula formula={scores.formula} />
            <div className="overflow-x-auto rounded-xl border border-line">
              <table className="w-full text-left text-sm" data-testid="node-score-table">
                <thead className="bg-surface-raised text-muted">
                  <tr>
                    <th className="px-3 py-2">Node</th>
                    <th className="px-3 py-2">Uptime</th>
                    <th className="px-3 py-2">Speed vs expected</th>
                    <th className="px-3 py-2">First token</th>
                    <th className="px-3 py-2">Audits passed</th>
                    <th className="px-3 py-2">Target</th>
                    <th className="px-3 py-2">Score</th>
                    <th className="px-3 py-2">Payment</th>
                  </tr>
                </thead>
                <tbody>
                  {scores.data.map((node) => (
                    <tr
                      key={node.node_id}
                      className="border-t border-line"
                      data-testid="node-score-row"
                      data-node-id={node.node_id}
                    >
                      <td className="px-3 py-2">
                        <span className="font-mono">{node.node_id}</span>
                        <span className="block text-xs text-muted">
                          {node.status}
                          {node.gpu_model ? ` · ${node.gpu_model}` : ''}
                        </span>
                      </td>
                      <td className="px-3 py-2" data-testid="node-uptime">
                        {pct(node.inputs.uptime)}
                      </td>
                      <td className="px-3 py-2">
                        {node.inputs.speed_ratio === null || node.inputs.tokens_per_second === null
                          ? 'not measured'
                          : `${node.inputs.tokens_per_second.toFixed(1)} tok/s (${pct(node.inputs.speed_ratio)})`}
                        <span className="block text-xs text-muted">
                          {node.inputs.tasks_24h} tasks in 24 h
                        </span>
                      </td>
                      <td className="px-3 py-2">
                        {node.inputs.first_token_latency_ms === null
                          ? '—'
                          : `${Math.round(node.inputs.first_token_latency_ms)} ms`}
                      </td>
                      <td className="px-3 py-2">{pct(node.inputs.audit_pass_rate)}</td>
                      <td className="px-3 py-2">{node.target.toFixed(1)}</td>
                      <td className="px-3 py-2 font-semibold" data-testid="node-score">
                        {node.score.toFixed(1)}
                      </td>
                      <td className="px-3 py-2" data-testid="node-payment-adjustment">
                        {signed(node.payment_adjustment_percent)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </DataState>
    </section>
  );
}
