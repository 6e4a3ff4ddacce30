/**
 * Tokens per second of the far-node llama engine against node-llama-cpp used directly, on the demo
 * model with the same settings (CPU, same threads, same context size, same sampling and seeds).
 *
 *   npx tsx apps/node/bench/tokensPerSecond.ts [--threads N] [--requests N] [--max-tokens N] [--trials N]
 *
 * Prints a table and `RESULT node_engine_tps_ratio=<engine ÷ fastest direct path>`.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { getLlama, LlamaCompletion, type Token } from 'node-llama-cpp';
import { z } from 'zod';
import { ensureDemoModel } from '../src/demoModel/ensureDemoModel.js';
import { createLlamaEngine } from '../src/engines/createLlamaEngine.js';

const argsSchema = z.object({
  threads: z.coerce
    .number()
    .int()
    .min(1)
    .default(Math.max(1, os.availableParallelism() - 1)),
  requests: z.coerce.number().int().min(1).default(40),
  maxTokens: z.coerce.number().int().min(1).default(256),
  trials: z.coerce.number().int().min(1).default(5),
});
const { values } = parseArgs({
  options: {
    threads: { type: 'string' },
    requests: { type: 'string' },
    'max-tokens': { type: 'string' },
    trials: { type: 'string' },
  },
});
const args = argsSchema.parse({ ...values, maxTokens: values['max-tokens'] });
const contextSize = 2048;
const prompts = [
  'The river',
  'In the winter',
  'The keeper',
  'Mara likes',
  'The stranger said that',
  'A good question',
];
// Sampling (not greedy) so texts run long; fixed seeds make every path generate the same tokens.
const requestAt = (i: number) => ({
  prompt: prompts[i % prompts.length] as string,
  seed: 1000 + i,
  temperature: 0.8,
});

const { path: modelPath } = await ensureDemoModel();

type Measurement = { tokens: number; seconds: number };
type Runner = { name: string; run: () => Promise<Measurement> };

const llama = await getLlama({ build: 'never', gpu: false, progressLogs: false });
const model = await llama.loadModel({ modelPath });
const context = await model.createContext({ contextSize, sequences: 1, threads: args.threads });
const sequence = context.getSequence();

const rawEvaluate: Runner = {
  name: 'node-llama-cpp sequence.evaluate (direct)',
  async run() {
    let tokens = 0;
    const start = performance.now();
    for (let i = 0; i < args.requests; i++) {
      const { prompt, seed, temperature } = requestAt(i);
      await sequence.clearHistory();
      const input = [model.tokens.bos as Token, ...model.tokenize(prompt)];
      let generated = 0;
      for await (const token of sequence.evaluate(input, { temperature, topK: 0, topP: 1, seed })) {
        model.detokenize([token]);
        generated += 1;
        if (generated >= args.maxTokens) break;
      }
      tokens += generated;
    }
    return { tokens, seconds: (performance.now() - start) / 1000 };
  },
};

const completion: Runner = {
  name: 'node-llama-cpp LlamaCompletion (direct)',
  async run() {
    const completer = new LlamaCompletion({ contextSequence: sequence });
    let tokens = 0;
    const start = performance.now();
    for (let i = 0; i < args.requests; i++) {
      const { prompt, seed, temperature } = requestAt(i);
      await completer.generateCompletion(prompt, {
        maxTokens: args.maxTokens,
        temperature,
        topK: 0,
        topP: 1,
        seed,
        onToken: (chunk) => {
          tokens += chunk.length;
        },
      });
    }
    return { tokens, seconds: (performance.now() - start) / 1000 };
  },
};

const engine = await createLlamaEngine({
  modelPath,
  modelId: 'far-demo',
  threads: args.threads,
  contextSize,
  maxConcurrency: 1,
  gpu: false,
});
const farEngine: Runner = {
  name: 'far-node createLlamaEngine',
  async run() {
    let tokens = 0;
    const start = performance.now();
    for (let i = 0; i < args.requests; i++) {
      const { prompt, seed, temperature } = requestAt(i);
      const result = await engine.generate(
        { model: 'far-demo', prompt, maxTokens: args.maxTokens, temperature, seed },
        () => {},
      );
      tokens += result.completionTokens;
    }
    return { tokens, seconds: (performance.now() - start) / 1000 };
  },
};

const runners = [rawEvaluate, completion, farEngine];
const results = new Map<string, number[]>(runners.map((r) => [r.name, []]));
const tokenCounts = new Map<string, number>();
// Warm-up once, then interleave the paths so drift on shared cores hits each equally.
for (const runner of runners) await runner.run();
for (let trial = 0; trial < args.trials; trial++) {
  for (const runner of trial % 2 === 0 ? runners : [...runners].reverse()) {
    const { tokens, seconds } = await runner.run();
    results.get(runner.name)?.push(tokens / seconds);
    tokenCounts.set(runner.name, tokens);
  }
}
await engine.close();
await llama.dispose();

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
console.log(
  `demo model, CPU, threads=${args.threads}, context=${contextSize}, ${args.requests} requests × ≤${args.maxTokens} tokens, ${args.trials} trials (median)`,
);
console.log(`${'path'.padEnd(44)} ${'tokens/trial'.padStart(12)} ${'tokens/s'.padStart(10)}`);
for (const runner of runners) {
  const tps = median(results.get(runner.name) ?? []);
  console.log(
    `${runner.name.padEnd(44)} ${String(tokenCounts.get(runner.name)).padStart(12)} ${tps.toFixed(0).padStart(10)}`,
  );
}
const engineTps = median(results.get(farEngine.name) ?? []);
const directTps = Math.max(
  median(results.get(rawEvaluate.name) ?? []),
  median(results.get(completion.name) ?? []),
);
console.log(`RESULT node_engine_tps_ratio=${(engineTps / directTps).toFixed(3)}`);
