import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EIP1193Provider } from 'viem';

type JsonRpcRequest = { jsonrpc: '2.0'; id: number | string | null; method: string; params?: unknown };

export type ChainRpcServer = {
  /** The JSON-RPC URL another process can give to viem's `http()` transport (CHAIN_RPC_URL). */
  url: string;
  close(): Promise<void>;
};

/**
 * Serves an in-process EIP-1193 provider (Hardhat's in-process chain) as JSON-RPC over HTTP, so
 * an API started as a child process reads the same chain the test sends transactions to. Handles
 * single and batched requests; a provider error becomes a JSON-RPC error with its code and data
 * (viem decodes reverts from `data`).
 *
 * @param provider - e.g. `createInProcessChain().provider`.
 * @returns the URL and `close()`.
 * @example
 * const bed = await createChainTestbed();
 * const rpc = await serveChainRpc(bed.chain.provider);
 * spawn(..., { env: { CHAIN_RPC_URL: rpc.url } });
 */
export async function serveChainRpc(provider: EIP1193Provider): Promise<ChainRpcServer> {
  const answer = async (request: JsonRpcRequest) => {
    try {
      const result = await provider.request({ method: request.method, params: request.params } as never);
      return { jsonrpc: '2.0', id: request.id, result };
    } catch (error) {
      const e = error as { code?: unknown; message?: unknown; data?: unknown };
      return {
        jsonrpc: '2.0',
        id: request.id,
        error: {
          code: typeof e.code === 'number' ? e.code : -32603,
          message: typeof e.message === 'string' ? e.message : String(error),
          ...(e.data !== undefined ? { data: e.data } : {}),
        },
      };
    }
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk));
    req.on('end', async () => {
      let parsed: JsonRpcRequest | JsonRpcRequest[];
      try {
        parsed = JSON.parse(body) as JsonRpcRequest | JsonRpcRequest[];
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }),
        );
        return;
      }
      const response = Array.isArray(parsed) ? await Promise.all(parsed.map(answer)) : await answer(parsed);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(response, (_key, value) =>
          typeof value === 'bigint' ? `0x${value.toString(16)}` : value,
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
