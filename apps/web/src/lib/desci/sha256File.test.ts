import { describe, expect, it } from 'vitest';
import { sha256File } from './sha256File';

describe('sha256File', () => {
  it('hashes the bytes as SHA-256 (the FIPS 180-2 "abc" vector)', async () => {
    expect(await sha256File(new Blob(['abc']))).toBe(
      '0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('changes when one byte of the file changes', async () => {
    const original = new Uint8Array(1024).fill(7);
    const edited = original.slice();
    edited[512] = 8;
    expect(await sha256File(new Blob([original]))).not.toBe(await sha256File(new Blob([edited])));
  });
});
