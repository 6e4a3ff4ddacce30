import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as browser from './browser.js';
import * as entry from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const nodeBuiltins = new Set(builtinModules);

/** Every module `file` reaches through static and dynamic imports, relative ones followed. */
function importGraph(file: string, seen = new Map<string, string[]>()): Map<string, string[]> {
  if (seen.has(file)) return seen;
  const specifiers = [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map(
    (match) => match[1] as string,
  );
  seen.set(file, specifiers);
  for (const specifier of specifiers) {
    if (specifier.startsWith('.'))
      importGraph(resolve(dirname(file), `${specifier.replace(/\.js$/, '')}.ts`), seen);
  }
  return seen;
}

describe('@far/contracts/browser', () => {
  it('reaches no Node built-in, Hardhat or bytecode module', () => {
    const offending = [...importGraph(resolve(here, 'browser.ts'))].flatMap(([file, specifiers]) =>
      specifiers
        .filter(
          (specifier) =>
            specifier.startsWith('node:') ||
            nodeBuiltins.has(specifier) ||
            specifier.startsWith('hardhat') ||
            specifier.includes('/bytecode/'),
        )
        .map((specifier) => `${file.slice(here.length + 1)} imports ${specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it('imports its own modules without the .js extension, which the web bundler cannot map to .ts', () => {
    const withExtension = [...importGraph(resolve(here, 'browser.ts'))].flatMap(([file, specifiers]) =>
      specifiers
        .filter((specifier) => specifier.startsWith('.') && specifier.endsWith('.js'))
        .map((specifier) => `${file.slice(here.length + 1)} imports ${specifier}`),
    );
    expect(withExtension).toEqual([]);
  });

  it('is part of the package entry, so Node callers import the same definitions', () => {
    const exported = new Map(Object.entries(entry));
    for (const [name, value] of Object.entries(browser)) expect(exported.get(name), name).toBe(value);
  });
});
