import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { busContractSuite } from './busContractSuite.js';
import { createRedisBus } from './createRedisBus.js';

const redisUrl = process.env.REDIS_URL;

describe.skipIf(!redisUrl)('redis bus', () => {
  busContractSuite((options) => createRedisBus(redisUrl ?? '', options));

  it('carries messages between two bus instances, as between two API replicas', async () => {
    const a = await createRedisBus(redisUrl ?? '');
    const b = await createRedisBus(redisUrl ?? '');
    try {
      const channel = `bus-test:${randomBytes(6).toString('hex')}:replicas`;
      const got = new Promise<unknown>((resolve) => {
        void b.subscribe(channel, resolve).then(() => a.publish(channel, { amountWei: 7n }));
      });
      expect(await got).toEqual({ amountWei: '7' });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
