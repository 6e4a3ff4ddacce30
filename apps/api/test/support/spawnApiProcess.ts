import { type ChildProcess, spawn } from 'node:child_process';
import { configSchema } from '../../src/config/parseConfig.js';
import { repoRoot } from './startTestNetwork.js';

export type ApiProcessExit = { code: number | null; signal: NodeJS.Signals | null };

export type SpawnApiProcessOptions = {
  /**
   * The API's environment (see `parseConfig`). `PORT` is required: the URL must be known before
   * the API listens (SIWE domain, node joins) and stays the same across restarts. Nothing of this
   * process's own API configuration (DATABASE_URL, REDIS_URL, …) leaks in unless given here.
   */
  env: Record<string, string | undefined> & { PORT: string };
  /** How long to wait until it listens (default 120 s: tsx compiles the API on first start). */
  readyTimeoutMs?: number;
  /** Node's arguments (default: the sources through tsx, role `all`); e.g. the built bundle and a role. */
  args?: readonly string[];
  /** The log message that says it is ready (default `far-api listening`). */
  readyMessage?: string;
};

export type ApiProcess = {
  url: string;
  child: ChildProcess;
  /** Everything it wrote so far (pino JSON lines), for assertions and failure messages. */
  output(): string;
  /** Settles once the process has exited. */
  exited: Promise<ApiProcessExit>;
  /** `kill -9`: no shutdown hook runs, nothing is flushed or closed. Resolves once it is gone. */
  kill(): Promise<ApiProcessExit>;
  /** SIGTERM: the API closes its connections and its database, then exits. Resolves once it is gone. */
  stop(): Promise<ApiProcessExit>;
};

// By default it waits for what `main.ts` logs once startApiServer has returned: migrated,
// listening, start-up recovery done.
/**
 * Starts the real API (`apps/api/src/main.ts`) as a child process and waits until it listens.
 * It runs as `node --import tsx`, one process, rather than through the `tsx` CLI, which forks a
 * second one: a SIGKILL must hit the server itself, not a wrapper that cannot pass it on.
 *
 * @param options - the environment (with `PORT`) and the start-up timeout.
 * @returns the URL, the output, and `kill()` (-9) / `stop()` (SIGTERM).
 * @throws Error with the API's output when it exits or does not listen in time.
 * @example
 * const api = await spawnApiProcess({ env: { PORT: String(await freePort()), DATA_DIR: dir } });
 * await api.kill();
 */
export async function spawnApiProcess(options: SpawnApiProcessOptions): Promise<ApiProcess> {
  const inherited = { ...process.env };
  for (const key of Object.keys(configSchema.shape)) delete inherited[key];
  const level = options.env.LOG_LEVEL;
  const args = options.args ?? ['--import', 'tsx', 'apps/api/src/main.ts'];
  const readyMessage = `"msg":"${options.readyMessage ?? 'far-api listening'}"`;
  const child = spawn(process.execPath, [...args], {
    cwd: repoRoot,
    env: {
      ...inherited,
      NODE_ENV: 'test',
      ...options.env,
      // Readiness is read from the log, so nothing above info may silence it.
      LOG_LEVEL: level === 'debug' || level === 'trace' ? level : 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let onOutput: (() => void) | undefined;
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      output += chunk;
      onOutput?.();
    });
  }
  const exited = new Promise<ApiProcessExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${options.env.PORT}`;
  const signalAndWait = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };

  const timeoutMs = options.readyTimeoutMs ?? 120_000;
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      onOutput = undefined;
      if (!error) return resolve();
      child.kill('SIGKILL');
      reject(error);
    };
    const fail = (why: string) => settle(new Error(`the API ${why}; its output:\n${output.slice(-6000)}`));
    const timer = setTimeout(() => fail(`did not listen within ${timeoutMs} ms`), timeoutMs);
    onOutput = () => {
      if (output.includes(readyMessage)) settle();
    };
    void exited.then(({ code, signal }) => fail(`exited (${signal ?? code}) before it listened`));
  });

  return {
    url,
    child,
    output: () => output,
    exited,
    kill: () => signalAndWait('SIGKILL'),
    stop: () => signalAndWait('SIGTERM'),
  };
}
