import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';
import type { NodeGpuKind } from '@far/protocol';

export type GpuInfo = { name: string; vramGb: number; kind: NodeGpuKind };

const run = promisify(execFile);

/**
 * Finds the machine's accelerator for the join message: the largest NVIDIA GPU via `nvidia-smi`,
 * Apple silicon (unified memory counts as VRAM), or the CPU with no VRAM.
 *
 * @returns name, memory in GB, and kind.
 */
export async function probeGpu(): Promise<GpuInfo> {
  try {
    const { stdout } = await run(
      'nvidia-smi',
      ['--query-gpu=name,memory.total', '--format=csv,noheader,nounits'],
      {
        timeout: 5_000,
      },
    );
    const gpus = stdout
      .trim()
      .split('\n')
      .map((line) => {
        const [name = '', mib = '0'] = line.split(',').map((s) => s.trim());
        return { name, vramGb: Math.round((Number(mib) / 1024) * 10) / 10 };
      })
      .filter((g) => g.name && Number.isFinite(g.vramGb) && g.vramGb > 0)
      .sort((a, b) => b.vramGb - a.vramGb);
    const best = gpus[0];
    if (best) return { name: best.name.slice(0, 128), vramGb: best.vramGb, kind: 'cuda' };
  } catch {
    // no NVIDIA driver on this machine
  }
  if (process.platform === 'darwin' && process.arch === 'arm64') {
    return { name: 'Apple Silicon', vramGb: Math.round(os.totalmem() / 2 ** 30), kind: 'metal' };
  }
  const cpu = os.cpus()[0]?.model.trim() || 'CPU';
  return { name: cpu.slice(0, 128), vramGb: 0, kind: 'cpu' };
}
