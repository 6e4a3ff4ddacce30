import { devAccount } from '@far/contracts';
import { toHex } from 'viem';
import { generatePrivateKey } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { checkProductionConfig } from './checkProductionConfig.js';

const fit = {
  DATABASE_URL: 'postgres://far@db/far',
  REDIS_URL: 'rediss://:token@cache:6379',
  JWT_SECRET: 'Zq8vN3xR7tLm2pK9wY4sB6hJ1cF5gD0aQeUiOo',
  OPERATOR_TOKEN: 'Hn4Tb8Vx2Mk6Lp0Rz3Wq7Ys1Dj5Gf9Ca-EoIuAe',
  DEPLOYMENTS_FILE: '/tmp/deployments.json',
  PUBLIC_URL: 'https://api.far.example',
  COORDINATOR_PRIVATE_KEY: generatePrivateKey(),
};

describe('checkProductionConfig', () => {
  it('accepts real settings', () => {
    expect(checkProductionConfig(fit)).toEqual([]);
  });

  it('names every missing setting at once', () => {
    expect(checkProductionConfig({})).toEqual([
      'DATABASE_URL: required when NODE_ENV=production',
      'REDIS_URL: required when NODE_ENV=production',
      'JWT_SECRET: required when NODE_ENV=production',
      'OPERATOR_TOKEN: required when NODE_ENV=production',
      'DEPLOYMENTS_FILE: required when NODE_ENV=production',
      'PUBLIC_URL: required when NODE_ENV=production',
    ]);
  });

  it('refuses a Hardhat development key as the coordinator', () => {
    const devKey = toHex(devAccount(0).getHdKey().privateKey as Uint8Array);
    expect(checkProductionConfig({ ...fit, COORDINATOR_PRIVATE_KEY: devKey })).toEqual([
      expect.stringMatching(/^COORDINATOR_PRIVATE_KEY: is a public Hardhat development key/),
    ]);
  });

  it('refuses a Hardhat development key as the price keeper', () => {
    const devKey = toHex(devAccount(13).getHdKey().privateKey as Uint8Array);
    expect(checkProductionConfig({ ...fit, PRICE_KEEPER_PRIVATE_KEY: devKey })).toEqual([
      expect.stringMatching(/^PRICE_KEEPER_PRIVATE_KEY: is a public Hardhat development key/),
    ]);
  });

  it('refuses placeholder secrets', () => {
    const problems = checkProductionConfig({
      ...fit,
      JWT_SECRET: 'x'.repeat(40),
      OPERATOR_TOKEN: 'ab'.repeat(20),
    });
    expect(problems).toEqual([
      'JWT_SECRET: too little variety to be a real secret',
      'OPERATOR_TOKEN: too little variety to be a real secret',
    ]);
  });
});
