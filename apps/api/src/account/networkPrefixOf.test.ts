import { describe, expect, it } from 'vitest';
import { networkPrefixOf } from './networkPrefixOf.js';

describe('networkPrefixOf', () => {
  it('keeps an IPv4 address only to its /24', () => {
    expect(networkPrefixOf('203.0.113.77')).toBe('203.0.113.0/24');
  });

  it('treats an IPv4-mapped IPv6 address as IPv4', () => {
    expect(networkPrefixOf('::ffff:198.51.100.9')).toBe('198.51.100.0/24');
  });

  it('keeps an IPv6 address only to its /48, expanding ::', () => {
    expect(networkPrefixOf('2001:db8:abcd:12::1')).toBe('2001:db8:abcd::/48');
    expect(networkPrefixOf('2001:db8::7')).toBe('2001:db8:0::/48');
    expect(networkPrefixOf('::1')).toBe('0:0:0::/48');
    expect(networkPrefixOf('fe80::1%eth0')).toBe('fe80:0:0::/48');
  });

  it('returns null for what is not an address', () => {
    expect(networkPrefixOf('local')).toBeNull();
    expect(networkPrefixOf('unknown')).toBeNull();
  });
});
