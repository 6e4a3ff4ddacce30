import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDemoModel } from './buildDemoModel.js';

const migrations = new URL('../../../../packages/db/drizzle/', import.meta.url);

describe('far-demo in the model catalogue', () => {
  it('is pinned to the weights this source builds (a changed corpus or encoder needs a catalogue migration)', () => {
    const seeded = readdirSync(migrations)
      .filter((name) => name.endsWith('.sql'))
      .map((name) => readFileSync(new URL(name, migrations), 'utf8'))
      .join('\n');
    const row = /\('far-demo',[^\n]*'([0-9a-f]{64})'/.exec(seeded);
    expect(row?.[1]).toBe(buildDemoModel().sha256);
  });
});
