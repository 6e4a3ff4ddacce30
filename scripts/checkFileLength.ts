/**
 * Fails when a source file tracked by git is longer than 400 lines: a file that long holds more
 * than one concept (docs/architecture.md, "The tree"). Test files and generated files (ABIs, bytecode, the web's
 * OpenAPI types, SQL migrations) are left out. Function length is
 * biome's `noExcessiveLinesPerFunction` (biome.json).
 *
 * Run: `npx tsx scripts/checkFileLength.ts` (part of `npm run lint`).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MAX_LINES = 400;
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs|sol)$/;
// Test files are left out so a behaviour's cases stay together in one file.
const LEFT_OUT = [
  /\.test\.tsx?$/,
  /\.generated\.ts$/,
  /\/src\/abi\//,
  /\/src\/bytecode\//,
  /\/drizzle\//,
  /next-env\.d\.ts$/,
];

const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter((file) => SOURCE.test(file) && !LEFT_OUT.some((pattern) => pattern.test(file)));

const tooLong = files.flatMap((file) => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return []; // deleted in the working tree, not yet in the index
  }
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  return lines > MAX_LINES ? [`${file}: ${lines} lines`] : [];
});

if (tooLong.length > 0) {
  console.error(`Files over ${MAX_LINES} lines (split them by concept):\n${tooLong.join('\n')}`);
  process.exit(1);
}
console.log(`${files.length} source files, none over ${MAX_LINES} lines`);
