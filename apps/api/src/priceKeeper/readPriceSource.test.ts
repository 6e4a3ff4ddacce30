import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPriceSource } from './readPriceSource.js';

describe('readPriceSource', () => {
  let dir: string;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'far-price-source-'));
    server = createServer((req, res) => {
      if (req.url === '/missing') return res.writeHead(503).end();
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ data: { price: 0.1234 } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a decimal string from a file, with 8 decimals (extra digits rounded down)', async () => {
    const file = join(dir, 'price.json');
    await writeFile(file, JSON.stringify({ farUsd: '0.123456789' }));
    expect(await readPriceSource({ file }, 'farUsd')).toBe(12_345_678n);
  });

  it('reads a number at a dot path over HTTP', async () => {
    expect(await readPriceSource({ url: `${url}/price` }, 'data.price')).toBe(12_340_000n);
  });

  it('refuses a missing field, a non-positive price and a failing source', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ farUsd: '-1', other: 0 }));
    await expect(readPriceSource({ file }, 'farUsd')).rejects.toThrow(/no positive price/);
    await expect(readPriceSource({ file }, 'other')).rejects.toThrow(/no positive price/);
    await expect(readPriceSource({ file }, 'nope.deeper')).rejects.toThrow(/no positive price/);
    await expect(readPriceSource({ url: `${url}/missing` }, 'data.price')).rejects.toThrow(/503/);
  });
});
