import { Socket } from 'node:net';

/** A database the benchmark runs Far on: PGlite files, or Postgres (a fresh database) with Redis. */
export type BenchDatabase = { kind: 'pglite' } | { kind: 'postgres'; serverUrl: string; redisUrl: string };

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Whether the server at `url` accepts a TCP connection within 2 s; for Redis (`probe` PING),
 * whether it also answers `+PONG`.
 */
function serverAnswers(url: string, defaultPort: number, probe?: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (d: Buffer) => done(d.toString().startsWith('+PONG')));
    socket.connect(Number(port || defaultPort), hostname, () => (probe ? socket.write(probe) : done(true)));
  });
}

/**
 * The databases to run on: PGlite, and Postgres + Redis (`DATABASE_URL` and `REDIS_URL`, by
 * default the local servers) when both answer. `BENCH_DATABASES=pglite` (or `postgres`) picks one.
 *
 * @param log - where to say why a database is skipped.
 * @returns the databases, PGlite first.
 * @example
 * for (const database of await benchDatabases(console.log)) …
 */
export async function benchDatabases(log: (line: string) => void): Promise<BenchDatabase[]> {
  const wanted = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',').map((s) => s.trim());
  const databases: BenchDatabase[] = [];
  if (wanted.includes('pglite')) databases.push({ kind: 'pglite' });
  if (wanted.includes('postgres')) {
    const serverUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
    const redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL;
    const [pg, redis] = await Promise.all([
      serverAnswers(serverUrl, 5432),
      serverAnswers(redisUrl, 6379, 'PING\r\n'),
    ]);
    if (pg && redis) databases.push({ kind: 'postgres', serverUrl, redisUrl });
    else
      log(
        `skipping Postgres + Redis: ${pg ? '' : `Postgres at ${serverUrl} does not answer `}${redis ? '' : `Redis at ${redisUrl} does not answer`}`.trim(),
      );
  }
  return databases;
}
