import { describe, expect, it } from 'vitest';
import { describeUserActivity } from './describeUserActivity';

const base = { detail: {}, ipPrefix: null, userAgent: null, byOperator: false };

describe('describeUserActivity', () => {
  it('reads a sign-in with its network and browser', () => {
    expect(
      describeUserActivity({
        ...base,
        type: 'sign_in',
        ipPrefix: '198.51.100.0/24',
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36',
      }),
    ).toEqual({
      title: 'Signed in with your wallet',
      context: 'from network 198.51.100.0/24 · Chrome 131 on X11',
    });
  });

  it('shortens a user agent it does not know to its first product', () => {
    expect(describeUserActivity({ ...base, type: 'sign_in', userAgent: 'curl/8.5.0' }).context).toBe(
      'curl/8.5.0',
    );
  });

  it('names the key created or revoked', () => {
    expect(
      describeUserActivity({
        ...base,
        type: 'api_key_created',
        detail: { name: 'laptop', prefix: 'far_sk_ab12cd' },
      }).title,
    ).toBe('API key “laptop” (far_sk_ab12cd…) created');
    expect(describeUserActivity({ ...base, type: 'api_key_revoked', detail: {} }).title).toBe(
      'API key key revoked',
    );
  });

  it('shows deposits and withdrawals in FAR', () => {
    expect(
      describeUserActivity({ ...base, type: 'deposit', detail: { amountWei: '10000000000000000000' } }).title,
    ).toBe('Deposited 10 FAR');
    expect(
      describeUserActivity({ ...base, type: 'withdrawal', detail: { amountWei: '4500000000000000000' } })
        .title,
    ).toBe('Withdrew 4.5 FAR');
  });

  it("says an operator acted, and why, without the operator's address", () => {
    expect(
      describeUserActivity({
        ...base,
        type: 'admin_action',
        byOperator: true,
        detail: { action: 'revoke_api_keys', reason: 'key posted publicly' },
      }),
    ).toEqual({
      title: 'Operator action: revoke api keys',
      context: 'by a Far Labs operator · reason: key posted publicly',
    });
  });

  it('reads an unknown type as words', () => {
    expect(describeUserActivity({ ...base, type: 'password_reset' }).title).toBe('password reset');
  });
});
