import { describe, expect, it } from 'vitest';
import { DEFAULT_MINIMUM_BONDS, describeVramClass, VRAM_CLASS_COUNT, vramClassOf } from './vramClasses.js';

describe('vramClassOf', () => {
  it('puts each VRAM size in the smallest class that holds it', () => {
    expect([0, 8, 8.1, 16, 24, 40, 48, 80, 80.5, 141].map(vramClassOf)).toEqual([
      0, 0, 1, 1, 2, 3, 3, 4, 5, 5,
    ]);
  });

  it('has one default minimum per class, rising with the class', () => {
    expect(DEFAULT_MINIMUM_BONDS).toHaveLength(VRAM_CLASS_COUNT);
    for (let i = 1; i < VRAM_CLASS_COUNT; i++)
      expect(DEFAULT_MINIMUM_BONDS[i]).toBeGreaterThan(DEFAULT_MINIMUM_BONDS[i - 1] ?? 0n);
    expect(describeVramClass(2)).toBe('≤ 24 GB');
    expect(describeVramClass(5)).toBe('> 80 GB');
  });
});
