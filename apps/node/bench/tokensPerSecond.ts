/**
 * Tokens per second of the far-node llama engine against node-llama-cpp used directly, on the demo
 * model with the same settings (CPU, same threads, same context size, same sampling and seeds).
 *
 *   npx tsx apps/node/bench/tokensPerSecond.ts [--threads N] [--requests N] [--max-tokens N] [--trials N]
 *
 * Prints a table and `RESULT node_engine_tps_ratio=<median over trials of engine ÷ fastest direct path>`
 * (wall-clock tokens/s), plus the same ratio in tokens per CPU-second, which shared cores disturb less.
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
  requests: z.coerce.number().int().min(1).default(12),
  maxTokens: z.coerce.number().int().min(1).default(256),
  trials: z.coerce.number().int().min(1).default(9),
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
type Sample = { tps: number; cpuTps: number; tokens: number };
const samples = new Map<string, Sample[]>(runners.map((r) => [r.name, []]));
const ratios: number[] = [];
// Warm-up once, then run the paths back to back in a rotating order in every trial: the cores are
// shared, so each trial's ratio compares runs made moments apart, and the median drops outliers.
for (const runner of runners) await runner.run();
for (let trial = 0; trial < args.trials; trial++) {
  const order = runners.map((_, i) => runners[(i + trial) % runners.length] as Runner);
  const tps = new Map<string, number>();
  for (const runner of order) {
    const cpuBefore = process.cpuUsage();
    const { tokens, seconds } = await runner.run();
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    samples.get(runner.name)?.push({ tps: tokens / seconds, cpuTps: tokens / cpuSeconds, tokens });
    tps.set(runner.name, tokens / seconds);
  }
  const direct = Math.max(tps.get(rawEvaluate.name) ?? 0, tps.get(completion.name) ?? 0);
  ratios.push((tps.get(farEngine.name) ?? 0) / direct);
}
await engine.close();
await llama.dispose();

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
console.log(
  `demo model, CPU, threads=${args.threads}, context=${contextSize}, ${args.requests} requests × ≤${args.maxTokens} tokens per run, ${args.trials} trials, load average ${os.loadavg()[0]?.toFixed(1)} on ${os.availableParallelism()} cores`,
);
console.log(
  `${'path'.padEnd(44)} ${'tokens/run'.padStart(10)} ${'tokens/s'.padStart(9)} ${'tokens/cpu-s'.padStart(12)}   tokens/s per trial`,
);
for (const runner of runners) {
  const list = samples.get(runner.name) ?? [];
  console.log(
    `${runner.name.padEnd(44)} ${String(list[0]?.tokens).padStart(10)} ${median(list.map((x) => x.tps))
      .toFixed(0)
      .padStart(9)} ${median(list.map((x) => x.cpuTps))
      .toFixed(0)
      .padStart(12)}   ${list.map((x) => x.tps.toFixed(0)).join(' ')}`,
  );
}
const cpuRatio =
  median((samples.get(farEngine.name) ?? []).map((x) => x.cpuTps)) /
  Math.max(...[rawEvaluate, completion].map((r) => median((samples.get(r.name) ?? []).map((x) => x.cpuTps))));
console.log(`engine ÷ fastest direct path, per trial: ${ratios.map((r) => r.toFixed(2)).join(' ')}`);
console.log(`engine ÷ fastest direct path, tokens per CPU-second: ${cpuRatio.toFixed(3)}`);
console.log(`RESULT node_engine_tps_ratio=${median(ratios).toFixed(3)}`);
