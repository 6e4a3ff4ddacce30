/**
 * A small process that starts `far-node` processes on a benchmark's behalf.
 *
 * Why: a benchmark process that also runs the API, PGlite and the Hardhat chain holds a large
 * heap, and `spawn` (a fork of that process) blocks its event loop for a few hundred ms each time:
 * every node restart stalled the streams being measured. Forking from this small process costs
 * a few ms and nothing in the benchmark's loop. The benchmark still kills the far-node processes
 * itself (`process.kill(pid, 'SIGKILL')`); this process only reports how each one ended.
 *
 * Run as a script it is the launcher: JSON lines on stdin (`{ op: 'start', label, args }`), JSON
 * lines on stdout (`{ label, pid }` once started, `{ label, exit, signal, output }` once gone).
 * It SIGKILLs every far-node it started when its stdin closes, so none outlives the benchmark.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const farNodeBin = fileURLToPath(new URL('../../node/bin/far-node.js', import.meta.url));

type LauncherRequest = { op: 'start'; label: string; args: string[] };
type LauncherEvent =
  | { label: string; pid: number }
  | { label: string; exit: number | null; signal: NodeJS.Signals | null; output: string };

/** A far-node process started through the launcher. */
export type LaunchedFarNode = {
  label: string;
  /** Resolves with the process id once it is running. */
  pid: Promise<number>;
  /** Resolves once the process is gone, with how it ended and the tail of its output. */
  exited: Promise<{ exit: number | null; signal: NodeJS.Signals | null; output: string }>;
};

export type FarNodeLauncher = {
  /** Starts `far-node <args>`; `label` names it in the events. */
  start(label: string, args: string[]): LaunchedFarNode;
  /** SIGKILLs every far-node still running and ends the launcher. */
  close(): Promise<void>;
};

/**
 * Starts the launcher process.
 *
 * @returns `start(label, args)` for far-nodes, and `close()`.
 * @example
 * const launcher = await startFarNodeLauncher();
 * const node = launcher.start('n1', ['--coordinator', url, '--wallet-key', key, '--engine', 'openai', ...]);
 * process.kill(await node.pid, 'SIGKILL');
 * await node.exited; // { exit: null, signal: 'SIGKILL', output: '…' }
 */
export async function startFarNodeLauncher(): Promise<FarNodeLauncher> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting = new Map<
    string,
    { pid: (pid: number) => void; exited: (result: Awaited<LaunchedFarNode['exited']>) => void }
  >();
  createInterface({ input: child.stdout as NonNullable<typeof child.stdout> }).on('line', (line) => {
    const event = JSON.parse(line) as LauncherEvent;
    const entry = waiting.get(event.label);
    if (!entry) return;
    if ('pid' in event) entry.pid(event.pid);
    else {
      waiting.delete(event.label);
      entry.exited(event);
    }
  });
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    start(label, args) {
      const node = {} as LaunchedFarNode;
      node.label = label;
      let resolvePid: (pid: number) => void = () => {};
      let resolveExit: (result: Awaited<LaunchedFarNode['exited']>) => void = () => {};
      node.pid = new Promise((resolve) => {
        resolvePid = resolve;
      });
      node.exited = new Promise((resolve) => {
        resolveExit = resolve;
      });
      waiting.set(label, { pid: resolvePid, exited: resolveExit });
      child.stdin?.write(`${JSON.stringify({ op: 'start', label, args } satisfies LauncherRequest)}\n`);
      return node;
    },
    async close() {
      child.stdin?.end();
      await gone;
    },
  };
}

function runLauncher() {
  const running = new Set<ChildProcess>();
  const send = (event: LauncherEvent) => process.stdout.write(`${JSON.stringify(event)}\n`);
  createInterface({ input: process.stdin })
    .on('line', (line) => {
      const request = JSON.parse(line) as LauncherRequest;
      const node = spawn(process.execPath, [farNodeBin, ...request.args], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      running.add(node);
      let output = '';
      const keep = (d: Buffer) => {
        output = (output + d.toString()).slice(-4000);
      };
      node.stdout?.on('data', keep);
      node.stderr?.on('data', keep);
      if (node.pid !== undefined) send({ label: request.label, pid: node.pid });
      let ended = false;
      const end = (exit: number | null, signal: NodeJS.Signals | null) => {
        if (ended) return;
        ended = true;
        running.delete(node);
        send({ label: request.label, exit, signal, output });
      };
      node.once('close', end);
      node.once('error', (error) => {
        keep(Buffer.from(String(error)));
        if (node.pid === undefined) end(null, null);
      });
    })
    .on('close', () => {
      for (const node of running) node.kill('SIGKILL');
      const exitWhenDone = () => (running.size === 0 ? process.exit(0) : setTimeout(exitWhenDone, 10));
      exitWhenDone();
    });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runLauncher();
