/** What a node's score is made of, each measured by the coordinator, never reported by the node. */
export type NodeScoreInputs = {
  /** Share of the uptime window the node was connected and heartbeating, 0..1 (`computeUptime`). */
  uptime: number;
  /** Measured tokens per second (after the first token). */
  tokensPerSecond: number;
  /** The catalogue's expected tokens per second for the model; 0 when unknown (speed then counts as met). */
  expectedTokensPerSecond: number;
  /** Time to first token in ms; null when not measured (counts as met). */
  firstTokenLatencyMs: number | null;
  /** Passed audits and canaries over all of them, 0..1; 1 for a node never audited. */
  auditPassRate: number;
  /** 1 for a task completed honestly (its claimed usage matches what the coordinator counted), 0 for a failed or dishonest one. */
  accuracy: number;
};

/** The inputs that belong to the node rather than to one task, kept up to date by the coordinator. */
export type NodeStandingInputs = Pick<NodeScoreInputs, 'uptime' | 'auditPassRate'>;

/** Weights of the factors in the target score; they sum to 1. */
export const NODE_SCORE_WEIGHTS = {
  uptime: 0.25,
  speed: 0.2,
  latency: 0.1,
  audits: 0.2,
  accuracy: 0.25,
} as const;

/** A first token within this many ms earns the full latency factor; slower, it falls as target / latency. */
export const TARGET_FIRST_TOKEN_LATENCY_MS = 2_000;

export type NodeScoreFactors = Record<keyof typeof NODE_SCORE_WEIGHTS, number>;

const unit = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/**
 * Each input turned into a factor in 0..1: uptime and audit pass rate as they are, speed as
 * measured / expected capped at 1 (a faster node gains nothing past the catalogue's figure, so a node
 * cannot buy score by claiming speed), latency as `min(1, 2000 ms / time to first token)`.
 *
 * @param inputs - the measurements.
 * @returns the five factors.
 */
export function nodeScoreFactors(inputs: NodeScoreInputs): NodeScoreFactors {
  const { expectedTokensPerSecond: expected, firstTokenLatencyMs: latency } = inputs;
  return {
    uptime: unit(inputs.uptime),
    speed: expected > 0 ? unit(inputs.tokensPerSecond / expected) : 1,
    latency: latency === null || latency <= 0 ? 1 : unit(TARGET_FIRST_TOKEN_LATENCY_MS / latency),
    audits: unit(inputs.auditPassRate),
    accuracy: unit(inputs.accuracy),
  };
}

/**
 * The public score formula's target: `100 × (0.25·uptime + 0.20·speed + 0.10·latency + 0.20·audits
 * + 0.25·accuracy)`, each factor from {@link nodeScoreFactors}. After every task the node's score
 * moves 30 % of the way to this target (`updateNodeScore`), so a node that keeps these inputs
 * settles at this score.
 *
 * @param inputs - the measurements.
 * @returns the target score, 0..100.
 * @example
 * nodeScoreTarget({ uptime: 1, tokensPerSecond: 50, expectedTokensPerSecond: 50, firstTokenLatencyMs: 300, auditPassRate: 1, accuracy: 1 }) // 100
 */
export function nodeScoreTarget(inputs: NodeScoreInputs): number {
  const factors = nodeScoreFactors(inputs);
  let sum = 0;
  for (const key of Object.keys(NODE_SCORE_WEIGHTS) as (keyof NodeScoreFactors)[]) {
    sum += NODE_SCORE_WEIGHTS[key] * factors[key];
  }
  return Math.min(100, Math.max(0, 100 * sum));
}
