import { parseArgs } from 'node:util';
import { z } from 'zod';
import { defaultDemoModelPath, ensureDemoModel } from './ensureDemoModel.js';

// Usage: npx tsx apps/node/src/demoModel/cli.ts [--out .far/models/far-demo.gguf]
const argsSchema = z.object({ out: z.string().min(1).default(defaultDemoModelPath) });

const { values } = parseArgs({ options: { out: { type: 'string' } }, strict: true });
const args = argsSchema.parse(values);
const result = await ensureDemoModel({ outPath: args.out });
const sizeMb = (result.sizeBytes / 1024 / 1024).toFixed(1);
console.log(
  `${result.written ? 'built' : 'up to date'}: ${result.path} (${sizeMb} MB, sha256 ${result.sha256.slice(0, 16)}…)`,
);
