import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = fileURLToPath(new URL('..', import.meta.url));
const globalsCss = readFileSync(new URL('./globals.css', import.meta.url), 'utf8');

/** Every component and page source (no tests, no generated files), with its path under src/. */
function sources(): { path: string; text: string }[] {
  return readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .filter((path) => /\.tsx?$/.test(path) && !/\.test\.tsx?$/.test(path) && !path.includes('.generated.'))
    .map((path) => ({
      path: relative(srcDir, join(srcDir, path)),
      text: readFileSync(join(srcDir, path), 'utf8'),
    }));
}

// The one place a literal colour must stay: the browser chrome's meta tag takes no CSS variable.
const allowedLiterals = new Set(["app/layout.tsx: '#0F0F0F'"]);

describe('palette', () => {
  it('components and pages name theme tokens, never a literal hex colour', () => {
    const literals = sources().flatMap(({ path, text }) =>
      [...text.matchAll(/['"[\s(]#[0-9a-fA-F]{3,8}\b['"\]]?/g)].map((match) => `${path}: ${match[0].trim()}`),
    );
    expect(literals.filter((literal) => !allowedLiterals.has(literal))).toEqual([]);
  });

  it('every var(--color-…) a source reads is a token globals.css defines', () => {
    const defined = new Set([...globalsCss.matchAll(/(--color-[\w-]+):/g)].map((match) => match[1]));
    const read = sources().flatMap(({ text }) =>
      [...text.matchAll(/var\((--color-[\w-]+)\)/g)].map((m) => m[1]),
    );
    expect(read.length).toBeGreaterThan(0);
    expect(read.filter((token) => !defined.has(token))).toEqual([]);
  });

  it('icons are SVG, not emoji, which render as empty boxes where no emoji font is installed', () => {
    const emoji = sources().flatMap(({ path, text }) =>
      [...text.matchAll(/\p{Extended_Pictographic}/gu)].map((match) => `${path}: ${match[0]}`),
    );
    expect(emoji).toEqual([]);
  });
});
