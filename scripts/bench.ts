/**
 * `npm run bench`: runs every workspace benchmark (`apps/* /bench/*.ts`, `packages/* /bench/*.ts`)
 * one after another, so they don't compete for the CPU, streams their output, and ends with the
 * collected `RESULT name=value` lines. `npm run bench -- settlement` runs those whose path matches.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './localNetwork.js';

const filter = process.argv[2];
const files = ['apps', 'packages']
  .flatMap((group) => readdirSync(join(repoRoot, group)).map((name) => join(repoRoot, group, name, 'bench')))
  .filter((dir) => existsSync(dir))
  .flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => join(dir, f)),
  )
  // A benchmark's helpers live beside it; only files that print RESULT lines are benchmarks.
  .filter((file) => readFileSync(file, 'utf8').includes('RESULT '))
  .filter((file) => !filter || file.includes(filter))
  .sort();

const results: string[] = [];
let failed = 0;
for (const file of files) {
  const name = relative(repoRoot, file);
  console.log(`\n━━ ${name}`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(join(repoRoot, 'node_modules/.bin/tsx'), [file], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      for (const line of chunk.toString().split('\n'))
        if (line.startsWith('RESULT ')) results.push(`${line}   (${name})`);
    });
    child.on('exit', resolve);
  });
  if (code !== 0) {
    failed++;
    console.log(`✗ ${name} exited with ${code}`);
  }
}

console.log('\n━━ results');
for (const line of results) console.log(line);
if (failed) {
  console.log(`${failed} benchmark(s) failed`);
  process.exit(1);
}
