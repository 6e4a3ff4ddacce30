#!/usr/bin/env node
// Runs the TypeScript CLI in this same process (signals reach the agent directly; a child process
// would see a terminal's Ctrl-C twice), without a build step for whoever runs it.
//
// Through tsx's loader a start costs about 2.5 s of CPU: every one of viem's and zod's hundreds of
// modules is resolved by the loader hooks. So the CLI is bundled once with esbuild (which tsx brings)
// into dist/<hash of its inputs>/, and later starts load that bundle: a few hundred ms. The hash
// covers the workspace sources the bundle was made from, this file and the lockfile, so any change
// to them rebuilds; when esbuild cannot build, tsx runs the sources as before.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const nodeRoot = fileURLToPath(new URL('..', import.meta.url));
const distDir = join(nodeRoot, 'dist');
const manifestFile = join(distDir, 'far-node.json');
// Inputs that are not workspace sources but change what the bundle holds.
const extraInputs = [relative(nodeRoot, fileURLToPath(import.meta.url)), '../../package-lock.json'];

/** Hash of the inputs' contents, or undefined when one of them is gone. */
function hashInputs(inputs) {
  const hash = createHash('sha256');
  for (const input of [...inputs, ...extraInputs].sort()) {
    const file = join(nodeRoot, input);
    if (!existsSync(file)) {
      if (extraInputs.includes(input)) continue;
      return undefined;
    }
    hash.update(input).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** The bundle's entry file when the cached one matches the sources. */
function cachedBundle() {
  try {
    const { inputs } = JSON.parse(readFileSync(manifestFile, 'utf8'));
    const hash = hashInputs(inputs);
    const entry = hash && join(distDir, hash, 'far-node.mjs');
    return entry && existsSync(entry) ? entry : undefined;
  } catch {
    return undefined;
  }
}

/** Removes bundles of earlier sources, once no far-node can still be starting from them. */
function pruneOldBundles(keep) {
  const dayAgo = Date.now() - 86_400_000;
  for (const name of readdirSync(distDir)) {
    const dir = join(distDir, name);
    if (name === keep || name === 'far-node.json' || name.startsWith('far-node.json.')) continue;
    try {
      if (statSync(dir).mtimeMs < dayAgo) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Removed by another far-node meanwhile.
    }
  }
}

async function buildBundle() {
  const { build } = await import('esbuild');
  // Built beside its final place, then renamed: far-nodes starting together never see half a bundle.
  const staging = join(distDir, `.staging-${process.pid}-${Date.now()}`);
  mkdirSync(staging, { recursive: true });
  try {
    const result = await build({
      absWorkingDir: nodeRoot,
      entryPoints: { 'far-node': 'src/cli/main.ts' },
      outdir: staging,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      // The llama engine is a separate chunk, loaded only when that engine is chosen.
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Native (or optionally native) packages stay outside; node_modules resolves them.
      external: ['node-llama-cpp', 'bufferutil', 'utf-8-validate'],
      // Bundled CommonJS packages (ws) call require().
      banner: {
        js: "import { createRequire as __farCreateRequire } from 'node:module'; const require = __farCreateRequire(import.meta.url);",
      },
      sourcemap: true,
      metafile: true,
      logLevel: 'error',
    });
    const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules/'));
    const hash = hashInputs(inputs);
    if (!hash) throw new Error('an input disappeared while bundling');
    // Two levels below the package, as src/cli/main.ts is: its `../../package.json` still resolves.
    const target = join(distDir, hash);
    try {
      renameSync(staging, target);
    } catch (error) {
      // Another far-node built the same bundle first.
      if (!existsSync(join(target, 'far-node.mjs'))) throw error;
      rmSync(staging, { recursive: true, force: true });
    }
    const manifestStaging = `${manifestFile}.${process.pid}`;
    writeFileSync(manifestStaging, JSON.stringify({ inputs }));
    renameSync(manifestStaging, manifestFile);
    pruneOldBundles(hash);
    return join(target, 'far-node.mjs');
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

const bundle = cachedBundle() ?? (await buildBundle().catch(() => undefined));
if (bundle) {
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
