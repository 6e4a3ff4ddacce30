import { describe, expect, it } from 'vitest';
import { BaseError } from '../../../errors/BaseError.js';
import { checkBuildFile, expectedPartBytes, partCountOf, platformIndex } from './buildRules.js';

const refusal = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return error instanceof BaseError ? { code: error.code, reason: error.details?.reason } : error;
  }
  return undefined;
};

describe('build rules', () => {
  it('numbers platforms as GameLicenses does', () => {
    expect(['windows', 'macos', 'linux', 'web'].map((p) => platformIndex(p as 'web'))).toEqual([0, 1, 2, 3]);
  });

  it('refuses a build too large for its platform', () => {
    expect(refusal(() => checkBuildFile('web', 'game.zip', 2 * 1024 ** 3))).toEqual({
      code: 'payload_too_large',
      reason: 'build_too_large',
    });
  });

  it('refuses a file type the platform cannot run, whatever the case of its name', () => {
    expect(refusal(() => checkBuildFile('web', 'game.exe', 10))).toEqual({
      code: 'unsupported_media_type',
      reason: 'build_type_not_allowed',
    });
    expect(refusal(() => checkBuildFile('linux', 'Game.TAR.GZ', 10))).toBeUndefined();
  });

  it('cuts a file into full parts and a remainder', () => {
    expect(partCountOf(10, 4)).toBe(3);
    expect([1, 2, 3, 4].map((n) => expectedPartBytes(10, 4, n))).toEqual([4, 4, 2, 0]);
  });
});
