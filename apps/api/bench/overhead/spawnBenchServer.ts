import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** A benchmark server running in a process of its own. */
export type BenchServer = {
  /** Its OpenAI base URL (`…/v1`). */
  url: string;
  /** Its process id, for /proc CPU readings. */
  pid: number;
  /** SIGKILLs it; resolves once it is gone. */
  close(): Promise<void>;
};

/**
 * Starts a benchmark server script (`benchEngine.ts`, `passThroughProxy.ts`) as `node --import tsx`
 * (one process: its pid is the server's) and waits for the `{"url":…}` line it prints once it listens.
 *
 * @param script - the script's file name in this folder.
 * @param args - its arguments.
 * @returns its URL, pid and `close()`.
 * @throws Error when it exits before it listens.
 * @example
 * const engine = await spawnBenchServer('benchEngine.ts');
 * const proxy = await spawnBenchServer('passThroughProxy.ts', [new URL(engine.url).origin]);
 */
export async function spawnBenchServer(script: string, args: string[] = []): Promise<BenchServer> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    void exited.then(() => reject(new Error(`${script} exited before it listened`)));
  });
  return {
    url,
    pid: child.pid as number,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
