import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './startTestNetwork.js';

export type SpawnFarNodeOptions = {
  /** The API's base URL; the node keeps reconnecting to it (with backoff) when it goes away. */
  coordinatorUrl: string;
  /** The owner's private key. */
  walletKey: `0x${string}`;
  /** The engine and model flags, e.g. `['--engine', 'openai', '--upstream', url, '--model', 'far-demo']`. */
  engineArgs: string[];
  /** Where the node keeps its id; the caller owns (and removes) it. */
  stateDir: string;
  /** Further flags (`--node-id`, `--max-concurrency`, …). */
  extraArgs?: string[];
};

export type FarNodeProcess = {
  child: ChildProcess;
  /** Everything it wrote so far. */
  output(): string;
  /** SIGKILL; resolves once it is gone. */
  kill(): Promise<void>;
};

/**
 * Starts the real `far-node` CLI (`apps/node/bin/far-node.js`) as a child process. It does not
 * wait for the join: poll the API (`GET /v1/models`) for that.
 *
 * @param options - coordinator, owner key, engine flags and extra flags.
 * @returns the process, its output and `kill()`.
 * @example
 * const node = spawnFarNode({
 *   coordinatorUrl: api.url,
 *   walletKey,
 *   engineArgs: ['--engine', 'openai', '--upstream', url, '--model', 'far-demo'],
 *   stateDir: mkdtempSync(join(tmpdir(), 'far-node-')),
 * });
 */
export function spawnFarNode(options: SpawnFarNodeOptions): FarNodeProcess {
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, 'apps/node/bin/far-node.js'),
      '--coordinator',
      options.coordinatorUrl,
      '--wallet-key',
      options.walletKey,
      ...options.engineArgs,
      '--state-dir',
      options.stateDir,
      '--quiet',
      ...(options.extraArgs ?? []),
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d));
  child.stderr?.on('data', (d: Buffer) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output,
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}
