import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { webBuildIsStale } from './webBuildIsStale';

export const webDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * Finds a free TCP port by binding port 0 and releasing it.
 * @returns a port number nobody was using a moment ago
 */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Builds the web app if its production build is missing or older than its sources, then runs
 * `next start` on a free port.
 * @param env - extra environment (API_URL, NEXT_PUBLIC_API_URL)
 * @returns the base URL and a stop function
 */
export async function startNextServer(env: Record<string, string> = {}) {
  const next = fileURLToPath(new URL('../../../node_modules/.bin/next', import.meta.url));
  if (webBuildIsStale(webDir)) {
    await new Promise<void>((resolve, reject) => {
      const build = spawn(next, ['build'], {
        cwd: webDir,
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
        stdio: 'inherit',
      });
      build.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build exited ${code}`))));
    });
  }
  const port = await findFreePort();
  const child: ChildProcess = spawn(next, ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: webDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited ${child.exitCode}:\n${output}`);
    const ok = await fetch(url)
      .then((response) => response.status < 500)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`next start did not answer within 120 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  };
  return { url, stop };
}
