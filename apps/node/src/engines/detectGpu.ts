import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';
import type { Llama } from 'node-llama-cpp';

/** What the node advertises about its accelerator when it joins. */
export type GpuInfo = {
  kind: 'cuda' | 'vulkan' | 'metal' | 'cpu';
  /** Device name (first device when there are several), or the CPU model. */
  name: string;
  /** Total memory of all listed devices, GiB, one decimal; 0 for CPU. */
  vramGb: number;
  /** Number of devices (0 for CPU). */
  count: number;
};

export type DetectGpuOptions = {
  /** An already-loaded node-llama-cpp instance (e.g. the llama engine's): asked first, nothing new loaded. */
  llama?: Llama;
  /**
   * Load node-llama-cpp with `gpu: 'auto'` to find Vulkan/Metal devices when nvidia-smi found none.
   * Default true; it costs seconds on a machine without a GPU (every backend is tried).
   */
  probeLlama?: boolean;
  /** Runs a command and returns its stdout; injected in tests. */
  runCommand?: (file: string, args: readonly string[]) => Promise<string>;
};

const run = promisify(execFile);
const defaultRunCommand = async (file: string, args: readonly string[]) =>
  (await run(file, [...args], { timeout: 10_000 })).stdout;

/**
 * Finds the accelerator this node can serve with: node-llama-cpp's view when a GPU backend is
 * loaded, else nvidia-smi where present, else a node-llama-cpp probe (Vulkan, Metal), else the CPU.
 * @param options an existing Llama instance, whether to probe, command runner
 * @returns kind, device name, total VRAM in GiB and device count
 * @example
 * const gpu = await detectGpu(); // { kind: 'cuda', name: 'NVIDIA H200', vramGb: 139.8, count: 1 }
 */
export async function detectGpu(options: DetectGpuOptions = {}): Promise<GpuInfo> {
  if (options.llama && options.llama.gpu !== false) return describeLlamaGpu(options.llama);

  const fromNvidiaSmi = await queryNvidiaSmi(options.runCommand ?? defaultRunCommand);
  if (fromNvidiaSmi) return fromNvidiaSmi;

  if (options.probeLlama ?? true) {
    try {
      // Loaded only to probe: importing node-llama-cpp costs about half a second of CPU, which
      // every far-node start would pay even when it serves through the openai engine.
      const { getLlama } = await import('node-llama-cpp');
      const llama = await getLlama({ build: 'never', gpu: 'auto', progressLogs: false });
      try {
        if (llama.gpu !== false) return await describeLlamaGpu(llama);
      } finally {
        await llama.dispose();
      }
    } catch {
      // No usable prebuilt binary: the CPU answer below is still right.
    }
  }
  return { kind: 'cpu', name: os.cpus()[0]?.model.trim() || os.arch(), vramGb: 0, count: 0 };
}

async function describeLlamaGpu(llama: Llama): Promise<GpuInfo> {
  const [names, vram] = await Promise.all([llama.getGpuDeviceNames(), llama.getVramState()]);
  return {
    kind: llama.gpu === false ? 'cpu' : llama.gpu,
    name: names[0] ?? String(llama.gpu),
    vramGb: toGb(vram.total),
    count: names.length,
  };
}

/**
 * Parses `nvidia-smi --query-gpu=name,memory.total --format=csv,noheader,nounits` (MiB per line).
 * @returns the CUDA devices, or undefined when nvidia-smi is missing, fails or lists none
 */
async function queryNvidiaSmi(
  runCommand: NonNullable<DetectGpuOptions['runCommand']>,
): Promise<GpuInfo | undefined> {
  let stdout: string;
  try {
    stdout = await runCommand('nvidia-smi', [
      '--query-gpu=name,memory.total',
      '--format=csv,noheader,nounits',
    ]);
  } catch {
    return undefined;
  }
  const devices = stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const comma = line.lastIndexOf(',');
      return { name: line.slice(0, comma).trim(), mib: Number(line.slice(comma + 1).trim()) };
    })
    .filter((device) => device.name.length > 0 && Number.isFinite(device.mib) && device.mib > 0);
  const first = devices[0];
  if (!first) return undefined;
  const totalMib = devices.reduce((sum, device) => sum + device.mib, 0);
  return { kind: 'cuda', name: first.name, vramGb: toGb(totalMib * 1024 * 1024), count: devices.length };
}

function toGb(bytes: number): number {
  return Math.round((bytes / 1024 ** 3) * 10) / 10;
}
