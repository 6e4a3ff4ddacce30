import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { productionCommands } from './support/productionCommands.js';
import { repoRoot } from './support/startTestNetwork.js';

type Instruction = { keyword: string; args: string };

/** A Dockerfile as instructions, continuation lines joined, comments dropped. */
function parseDockerfile(path: string): Instruction[] {
  const text = readFileSync(join(repoRoot, path), 'utf8').replace(/\\\n/g, ' ');
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** The instructions of the last stage: what the image runs with. */
function finalStage(instructions: Instruction[]): Instruction[] {
  const lastFrom = instructions.map((i) => i.keyword).lastIndexOf('FROM');
  return instructions.slice(lastFrom);
}

describe.each(Object.entries(productionCommands))('the %s image', (_app, commands) => {
  const instructions = parseDockerfile(commands.dockerfile);
  const runtime = finalStage(instructions);

  it('builds from a base image pinned by digest, in every stage', () => {
    const args = new Map(
      instructions
        .filter((i) => i.keyword === 'ARG' && i.args.includes('='))
        .map((i) => i.args.split('=') as [string, string]),
    );
    const froms = instructions.filter((i) => i.keyword === 'FROM').map((i) => i.args.split(/\s+/)[0] ?? '');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) {
      const image = from.replace(/^\$\{(\w+)\}$/, (_, name: string) => args.get(name) ?? from);
      expect(image).toMatch(/^[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}$/);
    }
  });

  it('runs the same build command as the production-build test', () => {
    expect(instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args)).toContain(commands.build);
  });

  it('starts with the same command as the production-build test, as a non-root user', () => {
    const entrypoint = runtime.find((i) => i.keyword === 'ENTRYPOINT');
    expect(JSON.parse(entrypoint?.args ?? 'null')).toEqual(commands.start);
    const user = runtime.filter((i) => i.keyword === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
  });

  it('has a health check and installs only production dependencies into the runtime', () => {
    expect(runtime.some((i) => i.keyword === 'HEALTHCHECK')).toBe(true);
    expect(instructions.some((i) => i.keyword === 'RUN' && /npm ci --omit=dev/.test(i.args))).toBe(true);
    expect(runtime.some((i) => i.keyword === 'ENV' && /NODE_ENV=production/.test(i.args))).toBe(true);
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, build output, local data and secrets out of the build context', () => {
    const ignored = readFileSync(join(repoRoot, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['**/node_modules', '**/.next', '.far', '.git', '**/.env*'])
      expect(ignored).toContain(entry);
  });
});
