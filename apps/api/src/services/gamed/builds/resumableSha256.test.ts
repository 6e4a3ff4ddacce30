import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { finishSha256, Sha256StateSchema, startSha256, updateSha256 } from './resumableSha256.js';

const nodeSha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('resumable SHA-256', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(finishSha256(startSha256())).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(finishSha256(updateSha256(startSha256(), new TextEncoder().encode('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('equals a one-shot hash however the bytes are cut, through a JSON round trip of the state', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 700 }),
        fc.array(fc.nat(700), { maxLength: 6 }),
        (bytes, cuts) => {
          const bounds = [...new Set([0, ...cuts.map((cut) => cut % (bytes.length + 1)), bytes.length])].sort(
            (a, b) => a - b,
          );
          let state = startSha256();
          for (let i = 1; i < bounds.length; i++) {
            const saved = JSON.parse(
              JSON.stringify(updateSha256(state, bytes.subarray(bounds[i - 1], bounds[i]))),
            );
            state = Sha256StateSchema.parse(saved);
          }
          expect(finishSha256(state)).toBe(nodeSha256(bytes));
          expect(state.length).toBe(bytes.length);
        },
      ),
    );
  });

  it('hashes a megabyte in parts like node:crypto', () => {
    const bytes = randomBytes(1_048_576 + 13);
    const state = updateSha256(
      updateSha256(startSha256(), bytes.subarray(0, 333_333)),
      bytes.subarray(333_333),
    );
    expect(finishSha256(state)).toBe(nodeSha256(bytes));
  });
});
