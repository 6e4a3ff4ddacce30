import { UserRejectedRequestError } from 'viem';
import { describe, expect, it } from 'vitest';
import { isUserRejection } from './isUserRejection';

describe('isUserRejection', () => {
  it('recognises EIP-1193 code 4001 from a raw provider', () => {
    expect(isUserRejection({ code: 4001, message: 'User rejected the request.' })).toBe(true);
  });

  it("recognises viem's error wrapped inside other errors", () => {
    const wrapped = new Error('signing failed', { cause: new UserRejectedRequestError(new Error('no')) });
    expect(isUserRejection(wrapped)).toBe(true);
  });

  it('does not treat other failures as a cancel', () => {
    expect(isUserRejection(new Error('insufficient funds'))).toBe(false);
    expect(isUserRejection({ code: -32603 })).toBe(false);
    expect(isUserRejection(undefined)).toBe(false);
  });
});
