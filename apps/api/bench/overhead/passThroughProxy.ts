/**
 * The bare pass-through proxy: the least one extra HTTP hop in Node can add, the yardstick for
 * Far's overhead. Each request is forwarded as it is (method, path, headers, body streamed) to the
 * upstream over kept-alive connections, and the answer is streamed back as it arrives.
 *
 * Run as a script: `passThroughProxy.ts <upstream origin>`; it listens on a free loopback port
 * and prints `{"url":"http://127.0.0.1:<port>/v1"}` once.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

const upstream = new URL(process.argv[2] ?? '');
const agent = new Agent({ keepAlive: true, maxSockets: 1024 });

const server = createServer((req, res) => {
  const forward = request(
    {
      agent,
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: upstream.host },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  forward.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(forward);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}/v1` })}\n`);
});
