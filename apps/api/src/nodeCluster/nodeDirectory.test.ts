import { describe, expect, it } from 'vitest';
import { sameModels } from './nodeDirectory.js';

describe('sameModels', () => {
  it('compares ids and context lengths in order', () => {
    expect(sameModels([{ id: 'a', contextLength: 8 }], [{ id: 'a', contextLength: 8 }])).toBe(true);
    expect(sameModels([{ id: 'a' }], [{ id: 'a', contextLength: 8 }])).toBe(false);
    expect(sameModels([{ id: 'a' }, { id: 'b' }], [{ id: 'b' }, { id: 'a' }])).toBe(false);
    expect(sameModels([{ id: 'a' }], [])).toBe(false);
  });
});
