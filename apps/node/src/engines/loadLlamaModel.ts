import { getLlama, type Llama, type LlamaContext, type LlamaModel } from 'node-llama-cpp';
import { EngineError } from './engineError.js';
import { errorMessage } from './errorMessage.js';

/** A loaded GGUF model with its context (one sequence per concurrent request). */
export type LoadedLlamaModel = { llama: Llama; model: LlamaModel; context: LlamaContext };

/**
 * Loads a GGUF model with node-llama-cpp (prebuilt binaries only: `build: "never"` so a missing
 * binary fails loudly instead of compiling llama.cpp) and creates its context.
 *
 * @param options - model file, GPU choice, context size (default min(train context, 4096)), sequences and threads.
 * @returns the llama instance, model and context.
 * @throws EngineError `MODEL_LOAD_FAILED` when the file cannot be loaded.
 * @example
 * const { llama, model, context } = await loadLlamaModel({ modelPath, gpu: 'auto', sequences: 1, threads: 3 });
 */
export async function loadLlamaModel(options: {
  modelPath: string;
  gpu: 'auto' | false;
  contextSize: number | undefined;
  sequences: number;
  threads: number;
}): Promise<LoadedLlamaModel> {
  let llama: Llama | undefined;
  try {
    llama = await getLlama({ build: 'never', gpu: options.gpu, progressLogs: false });
    const model = await llama.loadModel({ modelPath: options.modelPath });
    const context = await model.createContext({
      contextSize: options.contextSize ?? Math.min(model.trainContextSize, 4096),
      sequences: options.sequences,
      threads: options.threads,
    });
    return { llama, model, context };
  } catch (cause) {
    await llama?.dispose().catch(() => undefined);
    throw new EngineError(
      'MODEL_LOAD_FAILED',
      `could not load ${options.modelPath}: ${errorMessage(cause)}`,
      {
        cause,
      },
    );
  }
}
