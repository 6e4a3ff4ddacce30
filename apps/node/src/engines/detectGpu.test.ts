import os from 'node:os';
import type { Llama } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { detectGpu } from './detectGpu.js';

const missing = async () => {
  throw Object.assign(new Error('spawn nvidia-smi ENOENT'), { code: 'ENOENT' });
};

describe('detectGpu', () => {
  it('reads CUDA devices from nvidia-smi, summing their memory', async () => {
    const calls: string[][] = [];
    const gpu = await detectGpu({
      probeLlama: false,
      runCommand: async (file, args) => {
        calls.push([file, ...args]);
        return 'NVIDIA H200, 143771\nNVIDIA H200, 143771\n';
      },
    });
    expect(calls).toEqual([['nvidia-smi', '--query-gpu=name,memory.total', '--format=csv,noheader,nounits']]);
    expect(gpu).toEqual({ kind: 'cuda', name: 'NVIDIA H200', vramGb: 280.8, count: 2 });
  });

  it('keeps commas inside a device name', async () => {
    const gpu = await detectGpu({ probeLlama: false, runCommand: async () => 'Tesla T4, rev A, 15360\n' });
    expect(gpu).toMatchObject({ name: 'Tesla T4, rev A', vramGb: 15 });
  });

  it('falls back to the CPU when there is no GPU tool and no GPU backend', async () => {
    const gpu = await detectGpu({ probeLlama: false, runCommand: missing });
    expect(gpu).toEqual({ kind: 'cpu', name: os.cpus()[0]?.model.trim(), vramGb: 0, count: 0 });
  });

  it('ignores nvidia-smi output without devices', async () => {
    const gpu = await detectGpu({ probeLlama: false, runCommand: async () => 'No devices were found\n' });
    expect(gpu.kind).toBe('cpu');
  });

  it('asks a loaded node-llama-cpp GPU backend first, without running nvidia-smi', async () => {
    // Only the members detectGpu reads; a real Llama needs a GPU to report these.
    const llama = {
      gpu: 'vulkan',
      getGpuDeviceNames: async () => ['AMD Radeon RX 7900 XTX'],
      getVramState: async () => ({ total: 24 * 1024 ** 3, used: 0, free: 24 * 1024 ** 3, unifiedSize: 0 }),
    } as unknown as Llama;
    const gpu = await detectGpu({ llama, probeLlama: false, runCommand: missing });
    expect(gpu).toEqual({ kind: 'vulkan', name: 'AMD Radeon RX 7900 XTX', vramGb: 24, count: 1 });
  });

  it('skips a loaded CPU-only backend and keeps looking', async () => {
    const llama = { gpu: false } as unknown as Llama;
    const gpu = await detectGpu({ llama, probeLlama: false, runCommand: async () => 'NVIDIA L4, 23034\n' });
    expect(gpu).toEqual({ kind: 'cuda', name: 'NVIDIA L4', vramGb: 22.5, count: 1 });
  });
});
