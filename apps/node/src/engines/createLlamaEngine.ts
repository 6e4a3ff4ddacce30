import os from 'node:os';
import {
  getLlama,
  type Llama,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaModel,
  LlamaText,
  resolveChatWrapper,
  type Token,
} from 'node-llama-cpp';
import { createStopSequenceFilter } from './createStopSequenceFilter.js';
import type { Engine, GenerateRequest, GenerateResult, TokenEvent } from './engine.js';
import { EngineError } from './engineError.js';
import { parseGenerateRequest } from './parseGenerateRequest.js';
import { toLlamaChatHistory } from './toLlamaChatHistory.js';

export type CreateLlamaEngineOptions = {
  /** Path of a GGUF file. */
  modelPath: string;
  /** The model id the coordinator routes by (e.g. "far-demo"). */
  modelId: string;
  /**
   * CPU threads for evaluation. Default: all cores but one, at least one — the agent's event loop
   * (WebSocket, heartbeats, token forwarding) keeps a core, so streaming stays smooth under load.
   */
  threads?: number;
  /** Tokens each concurrent request may hold (prompt + completion). Default: min(train context, 4096). */
  contextSize?: number;
  /** Requests generated at once, one context sequence each; more wait in line. Default 1. */
  maxConcurrency?: number;
  /** `'auto'` uses CUDA/Vulkan/Metal when present; `false` forces CPU. Default `'auto'`. */
  gpu?: 'auto' | false;
  /**
   * At most this many tokens per second per request. A tiny model such as far-demo answers in a
   * few milliseconds; a cap lets people watch it stream (and stop it, or kill its node mid-answer).
   * Default: as fast as the model runs.
   */
  maxTokensPerSecond?: number;
};

/** The llama.cpp engine plus what it settled on, for the agent's join message. */
export type LlamaEngine = Engine & {
  readonly kind: 'llama';
  readonly modelId: string;
  readonly contextSize: number;
  readonly maxConcurrency: number;
  readonly threads: number;
  /** 'cuda' | 'vulkan' | 'metal' when a GPU backend is in use, otherwise false. */
  readonly gpu: string | false;
  /** The node-llama-cpp instance, e.g. for `detectGpu({ llama })` without loading a second one. */
  readonly llama: Llama;
};

/**
 * Loads a GGUF model with node-llama-cpp (prebuilt binaries only: `build: "never"` so a missing
 * binary fails loudly instead of compiling llama.cpp) and serves generate requests on it, one context
 * sequence per concurrent request, streaming one event per generated token.
 * @param options model file, id, threads, context size, concurrency and GPU choice
 * @returns the engine; call `close()` to free the model
 * @throws EngineError `MODEL_LOAD_FAILED` when the file cannot be loaded
 * @example
 * const engine = await createLlamaEngine({ modelPath: '.far/models/far-demo.gguf', modelId: 'far-demo' });
 * await engine.generate({ model: 'far-demo', prompt: 'The river', maxTokens: 16, temperature: 0 }, (t) => process.stdout.write(t.text));
 */
export async function createLlamaEngine(options: CreateLlamaEngineOptions): Promise<LlamaEngine> {
  const maxConcurrency = options.maxConcurrency ?? 1;
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) {
    throw new EngineError(
      'INVALID_REQUEST',
      `maxConcurrency must be a positive integer, got ${maxConcurrency}`,
    );
  }
  const threads = options.threads ?? Math.max(1, os.availableParallelism() - 1);
  const { maxTokensPerSecond } = options;
  if (maxTokensPerSecond !== undefined && !(maxTokensPerSecond > 0 && Number.isFinite(maxTokensPerSecond))) {
    throw new EngineError(
      'INVALID_REQUEST',
      `maxTokensPerSecond must be a positive number, got ${maxTokensPerSecond}`,
    );
  }
  const tokenIntervalMs = maxTokensPerSecond ? 1000 / maxTokensPerSecond : 0;

  let llama: Llama | undefined;
  let model: LlamaModel;
  let context: LlamaContext;
  try {
    llama = await getLlama({ build: 'never', gpu: options.gpu ?? 'auto', progressLogs: false });
    model = await llama.loadModel({ modelPath: options.modelPath });
    context = await model.createContext({
      contextSize: options.contextSize ?? Math.min(model.trainContextSize, 4096),
      sequences: maxConcurrency,
      threads,
    });
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
  const loadedLlama = llama;

  const chatWrapper = resolveChatWrapper(model);
  // SentencePiece (llama.cpp's "llama" vocabulary) adds a space prefix unless the file says not to.
  const tokenizerInfo = model.fileInfo.metadata.tokenizer?.ggml;
  const spacePrefix = tokenizerInfo?.add_space_prefix ?? tokenizerInfo?.model === 'llama';
  const sequences: LlamaContextSequence[] = [];
  for (let i = 0; i < maxConcurrency; i++) sequences.push(context.getSequence());
  const contextSize = sequences[0]?.contextSize ?? context.contextSize;
  const freeSequences = [...sequences];
  const waiters: ((sequence: LlamaContextSequence | undefined) => void)[] = [];
  let closed = false;

  function releaseSequence(sequence: LlamaContextSequence): void {
    const next = waiters.shift();
    if (next) next(sequence);
    else freeSequences.push(sequence);
  }

  async function acquireSequence(signal: AbortSignal | undefined): Promise<LlamaContextSequence | undefined> {
    const free = freeSequences.pop();
    if (free) return free;
    return new Promise((resolve) => {
      const onAbort = () => {
        const index = waiters.indexOf(grant);
        if (index >= 0) waiters.splice(index, 1);
        resolve(undefined);
      };
      const grant = (sequence: LlamaContextSequence | undefined) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(sequence);
      };
      waiters.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Prompt tokens, plus the stop texts and tokens the chat template implies. */
  function renderPrompt(req: GenerateRequest): {
    tokens: Token[];
    stopTexts: string[];
    stopTokens: Set<Token>;
  } {
    if (req.prompt !== undefined) {
      const bos = model.tokens.bos;
      const prefix = model.tokens.shouldPrependBosToken && bos !== null ? [bos] : [];
      return { tokens: [...prefix, ...model.tokenize(req.prompt)], stopTexts: [], stopTokens: new Set() };
    }
    const state = chatWrapper.generateContextState({
      chatHistory: toLlamaChatHistory(req.messages ?? [], { spacePrefix }),
    });
    const stopTexts: string[] = [];
    const stopTokens = new Set<Token>();
    for (const trigger of state.stopGenerationTriggers) {
      const onlyText = trigger.values.every((value) => typeof value === 'string');
      if (onlyText) stopTexts.push(trigger.toString());
      else {
        const tokens = LlamaText(trigger).tokenize(model.tokenizer);
        if (tokens.length === 1) stopTokens.add(tokens[0] as Token);
      }
    }
    return { tokens: state.contextText.tokenize(model.tokenizer), stopTexts, stopTokens };
  }

  async function generate(input: GenerateRequest, onToken: (t: TokenEvent) => void): Promise<GenerateResult> {
    if (closed) throw new EngineError('ENGINE_CLOSED', 'the llama engine is closed');
    const req = parseGenerateRequest(input);
    if (req.model !== options.modelId) {
      throw new EngineError('MODEL_NOT_FOUND', `this engine serves ${options.modelId}, not ${req.model}`);
    }
    const { tokens: promptTokens, stopTexts, stopTokens } = renderPrompt(req);
    if (promptTokens.length >= contextSize) {
      throw new EngineError(
        'CONTEXT_OVERFLOW',
        `the prompt takes ${promptTokens.length} tokens; the context holds ${contextSize}`,
      );
    }
    const promptCount = promptTokens.length;
    if (req.signal?.aborted)
      return { promptTokens: promptCount, completionTokens: 0, finishReason: 'cancelled' };

    const sequence = await acquireSequence(req.signal);
    if (closed)
      throw new EngineError('ENGINE_CLOSED', 'the llama engine was closed while the request waited');
    if (!sequence) return { promptTokens: promptCount, completionTokens: 0, finishReason: 'cancelled' };
    try {
      // Keep the KV cache of the longest common prefix (system prompt, earlier turns, a resumed
      // answer) and evaluate only the rest; at least one token must be evaluated to get logits.
      await sequence.adaptStateToTokens(promptTokens, false);
      let reused = Math.min(sequence.nextTokenIndex, promptTokens.length);
      if (reused === promptTokens.length || reused < sequence.nextTokenIndex) {
        reused = Math.min(reused, promptTokens.length - 1);
        await sequence.eraseContextTokenRanges([{ start: reused, end: sequence.nextTokenIndex }]);
      }
      const filter = createStopSequenceFilter([...stopTexts, ...(req.stop ?? [])]);
      const maxTokens = Math.min(req.maxTokens, contextSize - promptCount);
      const generated: Token[] = [];
      let undecoded: Token[] = [];
      let undecodedContext: Token[] = [];
      let delivered = 0;
      let finishReason: GenerateResult['finishReason'] = 'length';
      // SentencePiece words carry their leading space ("▁The"), so a fresh assistant turn would
      // open with " The"; chat clients expect the answer to start at its first character. A
      // continued answer gets the space back (toLlamaChatHistory), so both go together.
      let trimLeadingSpace =
        spacePrefix && req.messages !== undefined && req.messages.at(-1)?.role !== 'assistant';
      const deliver = (texts: string[]) => {
        for (const text of texts) {
          delivered += 1;
          if (trimLeadingSpace && text.length > 0) {
            trimLeadingSpace = false;
            onToken({ text: text.startsWith(' ') ? text.slice(1) : text });
          } else onToken({ text });
        }
      };

      const startedAt = performance.now();
      // Greedy when temperature is 0 (node-llama-cpp switches to llama.cpp's greedy sampler);
      // topK 0 disables top-k so sampling matches OpenAI semantics (temperature + top-p only).
      const evaluation = sequence.evaluate(promptTokens.slice(reused), {
        temperature: req.temperature,
        topK: 0,
        topP: req.topP ?? 1,
        ...(req.seed === undefined ? {} : { seed: req.seed }),
        yieldEogToken: true,
      });
      for await (const token of evaluation) {
        if (req.signal?.aborted) {
          finishReason = 'cancelled';
          break;
        }
        if (model.isEogToken(token) || stopTokens.has(token)) {
          finishReason = 'stop';
          break;
        }
        // Decode with the preceding tokens as context (leading spaces depend on them) and keep
        // bytes of an incomplete UTF-8 character until the character is whole.
        if (undecoded.length === 0)
          undecodedContext = [...promptTokens.slice(-4), ...generated.slice(-4)].slice(-4);
        undecoded.push(token);
        generated.push(token);
        const text = model.detokenize(undecoded, false, undecodedContext);
        let pieceText = '';
        if (!text.endsWith('\uFFFD') || undecoded.length >= 4) {
          pieceText = text;
          undecoded = [];
        }
        const { released, stopped } = filter.push(pieceText);
        deliver(released);
        if (stopped) {
          finishReason = 'stop';
          break;
        }
        if (generated.length >= maxTokens) break;
        // The evaluation is lazy: waiting here holds the next token back, not just its delivery.
        if (tokenIntervalMs > 0)
          await sleepUnlessAborted(
            startedAt + generated.length * tokenIntervalMs - performance.now(),
            req.signal,
          );
      }
      if (finishReason !== 'stop') deliver(filter.flush());
      return { promptTokens: promptCount, completionTokens: delivered, finishReason };
    } catch (cause) {
      if (cause instanceof EngineError) throw cause;
      if (closed) {
        throw new EngineError('ENGINE_CLOSED', 'the llama engine was closed mid-generation', { cause });
      }
      throw new EngineError('GENERATION_FAILED', `generation failed: ${errorMessage(cause)}`, { cause });
    } finally {
      releaseSequence(sequence);
    }
  }

  return {
    kind: 'llama',
    modelId: options.modelId,
    contextSize,
    maxConcurrency,
    threads,
    gpu: loadedLlama.gpu,
    llama: loadedLlama,
    async listModels() {
      return [{ id: options.modelId, contextLength: contextSize }];
    },
    generate,
    async countTokens(modelId, text) {
      if (modelId !== options.modelId) {
        throw new EngineError('MODEL_NOT_FOUND', `this engine serves ${options.modelId}, not ${modelId}`);
      }
      return model.tokenize(text).length;
    },
    async close() {
      if (closed) return;
      closed = true;
      // Requests still waiting for a sequence fail with ENGINE_CLOSED instead of hanging.
      for (const waiter of waiters.splice(0)) waiter(undefined);
      await loadedLlama.dispose();
    },
  };
}

/** Waits `ms` (nothing when ≤ 0), or less when `signal` aborts first. */
function sleepUnlessAborted(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
