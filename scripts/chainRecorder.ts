import { appendFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Hardhat's node keeps its state in memory only. So that `npm start` run twice keeps the chain
 * as well as the database, the local network talks to Hardhat through this JSON-RPC proxy. The
 * proxy records every state-changing call with the timestamp of the block it produced. On the
 * next start, it replays the record into the fresh node at the same timestamps. The result has
 * the same blocks' effects, the same addresses, balances and events.
 */

/** Calls that change chain state and are replayed. Time-travel calls are covered by timestamps. */
const RECORDED = new Set(['eth_sendRawTransaction', 'eth_sendTransaction', 'evm_mine', 'hardhat_mine']);

type RpcRequest = { jsonrpc: '2.0'; id: number | string | null; method: string; params?: unknown[] };
type RpcResponse = {
  id: number | string | null;
  result?: unknown;
  error?: { code: number; message: string };
};
type Recorded = { method: string; params: unknown[]; timestamp: number };

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await response.json()) as RpcResponse;
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

async function latestTimestamp(url: string, blockTag: string = 'latest'): Promise<number> {
  const block = (await rpc(url, 'eth_getBlockByNumber', [blockTag, false])) as { timestamp: string };
  return Number(BigInt(block.timestamp));
}

/**
 * Replays a record into a fresh node. A record that no longer applies (e.g. the contracts
 * changed) is set aside as `<file>.stale` and the chain starts fresh.
 *
 * @returns how many calls were replayed.
 */
export async function replayChainRecord(upstream: string, file: string, log: (line: string) => void) {
  if (!existsSync(file)) return 0;
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Recorded);
  try {
    for (const entry of entries) {
      await rpc(upstream, 'evm_setNextBlockTimestamp', [entry.timestamp]);
      await rpc(upstream, entry.method, entry.params);
    }
    return entries.length;
  } catch (error) {
    log(
      `  chain record does not replay (${error instanceof Error ? error.message : error}); starting a fresh chain`,
    );
    renameSync(file, `${file}.stale`);
    throw new ChainRecordStaleError();
  }
}

/** The record could not be replayed; the caller restarts Hardhat and goes on without it. */
export class ChainRecordStaleError extends Error {
  override name = 'ChainRecordStaleError';
}

/**
 * Serves JSON-RPC on `port`, forwarding to `upstream` and appending state changes to `file`.
 * Calls are forwarded one at a time, so the record's order is the chain's order.
 */
export async function startChainRecorder(options: { upstream: string; port: number; file: string }) {
  let queue: Promise<unknown> = Promise.resolve();

  async function forward(request: RpcRequest): Promise<RpcResponse> {
    const response = await fetch(options.upstream, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    const body = (await response.json()) as RpcResponse;
    if (!body.error && RECORDED.has(request.method)) {
      const timestamp = await latestTimestamp(options.upstream);
      appendFileSync(
        options.file,
        `${JSON.stringify({ method: request.method, params: request.params ?? [], timestamp })}\n`,
      );
    }
    return body;
  }

  const server: Server = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-headers': 'content-type',
        'access-control-allow-methods': 'POST, OPTIONS',
      });
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const run = async () => {
        let payload: RpcRequest | RpcRequest[];
        try {
          payload = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return { id: null, jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' } };
        }
        return Array.isArray(payload) ? Promise.all(payload.map(forward)) : forward(payload);
      };
      const result = queue.then(run, run);
      queue = result.catch(() => {});
      result
        .then((body) => {
          res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
          res.end(JSON.stringify(body));
        })
        .catch((error: unknown) => {
          res.writeHead(502, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
          res.end(
            JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32603, message: String(error) } }),
          );
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Moves the chain's clock to now (recorded), so a fresh chain from the past genesis date keeps real time. */
export async function syncChainClock(url: string) {
  const now = Math.floor(Date.now() / 1000);
  if ((await latestTimestamp(url)) < now) {
    await rpc(url, 'evm_setNextBlockTimestamp', [now]);
    await rpc(url, 'evm_mine', []);
  }
}
