import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './parseConfig.js';

describe('parseConfig', () => {
  it('applies embedded defaults to an empty environment', () => {
    const config = parseConfig({});
    expect(config.PORT).toBe(4000);
    expect(config.CHAIN_ID).toBe(31337);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.siweDomains.has('localhost:3000')).toBe(true);
  });

  it('names every invalid variable in one error', () => {
    try {
      parseConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('JWT_SECRET');
    }
  });

  it('requires a JWT secret in production', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
  });

  it('reads TRUST_PROXY as a count of proxy hops, true meaning one', () => {
    expect(parseConfig({}).TRUST_PROXY).toBe(0);
    expect(parseConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(0);
    expect(parseConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1);
    expect(parseConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(() => parseConfig({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
    expect(() => parseConfig({ TRUST_PROXY: '-1' })).toThrow(/TRUST_PROXY/);
  });

  it('reads the proof-of-serving rates, probation included, as shares between 0 and 1', () => {
    const defaults = parseConfig({});
    expect([defaults.AUDIT_RATE, defaults.CANARY_RATE]).toEqual([0.01, 0.01]);
    expect([defaults.PROBATION_AUDIT_RATE, defaults.PROBATION_CANARY_RATE]).toEqual([0.03, 0.3]);
    expect(parseConfig({ PROBATION_CANARY_RATE: '0' }).PROBATION_CANARY_RATE).toBe(0);
    expect(() => parseConfig({ PROBATION_AUDIT_RATE: '1.5' })).toThrow(/PROBATION_AUDIT_RATE/);
  });

  it('takes an operator token of at least 32 characters', () => {
    expect(parseConfig({}).OPERATOR_TOKEN).toBeUndefined();
    expect(() => parseConfig({ OPERATOR_TOKEN: 'short' })).toThrow(/OPERATOR_TOKEN/);
  });

  it('treats empty strings as unset', () => {
    expect(parseConfig({ REDIS_URL: '' }).REDIS_URL).toBeUndefined();
  });
});
