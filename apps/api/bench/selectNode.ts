// Benchmark: choosing a node among 10,000 registered ones, our per-model index + single pass
// (`selectNode`) against the original `select_best_node` (scan every node, sort the eligible ones).
// Run: npx tsx apps/api/bench/selectNode.ts   → prints timings and `RESULT select_node_speedup=<x>`.

import { createInMemoryNodeRegistry, type LiveNode } from '../src/nodes/nodeRegistry.js';
import { selectNode } from '../src/scheduler/selectNode.js';
import { testNode } from '../test/support/testNode.js';

const NODE_COUNT = 10_000;
const ITERATIONS = 2_000;

// A deterministic pseudo-random network (mulberry32), so runs are comparable.
let seed = 42;
const random = (): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const vramChoices = [24, 48, 80, 141, 192, 282, 640, 1128];
/** A catalogue's spread of VRAM minimums, from the demo model to the seed's largest. */
const minVramGbOf: Record<string, number> = {
  'far-demo': 0,
  'llama-3.1-8b-instruct-q4_k_m': 8,
  'gemma-2-9b-it-q4_k_m': 10,
  'qwen2.5-32b-instruct-q4_k_m': 24,
  'llama-70b': 140,
  'mixtral-8x22b': 180,
  'llama-405b': 810,
};
const modelIds = Object.keys(minVramGbOf);
const registry = createInMemoryNodeRegistry();
const seedNodes = new Map<string, LiveNode>();
for (let i = 0; i < NODE_COUNT; i++) {
  const vramGb = pick(vramChoices);
  const models = modelIds.filter((id) => (minVramGbOf[id] ?? 0) <= vramGb && random() < 0.5);
  const maxConcurrency = 1 + Math.floor(random() * 4);
  const node = testNode(`node-${i}`, {
    gpu: { name: 'bench', vramGb, kind: 'cuda' },
    models: (models.length > 0 ? models : ['far-demo']).map((id) => ({ id })),
    maxConcurrency,
    activeTasks: Math.floor(random() * (maxConcurrency + 1)),
    score: Math.round(50 + random() * 50),
    status: random() < 0.05 ? 'draining' : 'online',
  });
  registry.add(node);
  seedNodes.set(node.nodeId, node);
}

/** The original GPUNodeManager.select_best_node, with the model check it lacked so both answer the same question. */
function seedSelectBestNode(model: string, minVramGb: number): string | undefined {
  const eligible: [string, number][] = [];
  for (const [nodeId, node] of seedNodes) {
    if (
      node.status === 'online' &&
      node.activeTasks < node.maxConcurrency &&
      node.gpu.vramGb >= minVramGb &&
      node.models.some((m) => m.id === model)
    ) {
      eligible.push([nodeId, node.score]);
    }
  }
  if (eligible.length === 0) return undefined;
  eligible.sort((a, b) => b[1] - a[1]);
  return eligible[0]?.[0];
}

const queries = modelIds.map((id) => ({ model: id, minVramGb: minVramGbOf[id] ?? 0 }));

// Both must agree on the best score for every model (node ids may differ among equal scores).
for (const q of queries) {
  const ours = selectNode(registry, q);
  const theirs = seedSelectBestNode(q.model, q.minVramGb);
  const theirScore = theirs === undefined ? undefined : seedNodes.get(theirs)?.score;
  if (ours?.score !== theirScore)
    throw new Error(`disagreement on ${q.model}: ${ours?.score} vs ${theirScore}`);
}

function time(label: string, fn: (q: (typeof queries)[number]) => unknown): number {
  for (let i = 0; i < 200; i++) fn(queries[i % queries.length] as (typeof queries)[number]);
  const started = performance.now();
  for (let i = 0; i < ITERATIONS; i++) fn(queries[i % queries.length] as (typeof queries)[number]);
  const perCallUs = ((performance.now() - started) * 1000) / ITERATIONS;
  console.log(`${label}: ${perCallUs.toFixed(2)} µs per selection (${NODE_COUNT} nodes)`);
  return perCallUs;
}

const seedUs = time('original scan-and-sort', (q) => seedSelectBestNode(q.model, q.minVramGb));
const oursUs = time('selectNode (per-model index)', (q) => selectNode(registry, q));
console.log(`RESULT select_node_speedup=${(seedUs / oursUs).toFixed(2)}`);
