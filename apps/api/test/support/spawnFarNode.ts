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
  /** How the key reaches the CLI: the `--wallet-key` flag (default) or `FAR_NODE_WALLET_KEY`. */
  walletKeyVia?: 'flag' | 'env';
  /** Print the CLI's status lines (`● connected`, `served 2`) for `waitForOutput`; default quiet. */
  statusLines?: boolean;
  /** Flags for Node itself, before the script (e.g. `--cpu-prof`, which writes when it exits: stop it with SIGTERM). */
  nodeArgs?: string[];
};

export type FarNodeProcess = {
  child: ChildProcess;
  /** Everything it wrote so far. */
  output(): string;
  /** Resolves once its output matches `pattern`; rejects, with the output, if it exits first. */
  waitForOutput(pattern: RegExp): Promise<void>;
  /** Its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
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
      ...(options.nodeArgs ?? []),
      join(repoRoot, 'apps/node/bin/far-node.js'),
      '--coordinator',
      options.coordinatorUrl,
      ...(options.walletKeyVia === 'env' ? [] : ['--wallet-key', options.walletKey]),
      ...options.engineArgs,
      '--state-dir',
      options.stateDir,
      ...(options.statusLines ? [] : ['--quiet']),
      ...(options.extraArgs ?? []),
    ],
    {
      cwd: repoRoot,
      env:
        options.walletKeyVia === 'env'
          ? { ...process.env, FAR_NODE_WALLET_KEY: options.walletKey }
          : undefined,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    waitForOutput(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(output)) return;
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        exited.then((code) => reject(new Error(`far-node exited (${code}) before ${pattern}:\n${output}`)));
        check();
      });
    },
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
