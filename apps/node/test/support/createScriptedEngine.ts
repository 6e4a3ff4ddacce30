import type { Engine, GenerateRequest, GenerateResult, TokenEvent } from '../../src/engines/engine.js';

export type ScriptedEngineOptions = {
  /** Token texts to emit, in order (default a, b, c). */
  tokens?: string[];
  /** Emit one token, then wait for the abort signal. */
  hang?: boolean;
  /** Throw this after emitting the tokens. */
  fail?: Error;
};

/** An engine that needs no model: emits scripted tokens and remembers every request it got. */
export type ScriptedEngine = Engine & { requests: GenerateRequest[] };

/**
 * A scripted engine for agent tests: emits `tokens`, waits for the abort signal when `hang` is
 * set, or throws `fail`; serves one model, `far-demo`.
 *
 * @param options - what to emit.
 * @returns the engine, with the requests it received.
 */
export function createScriptedEngine(options: ScriptedEngineOptions = {}): ScriptedEngine {
  const requests: GenerateRequest[] = [];
  return {
    kind: 'openai',
    requests,
    listModels: async () => [{ id: 'far-demo', contextLength: 256 }],
    async generate(req: GenerateRequest, onToken: (t: TokenEvent) => void): Promise<GenerateResult> {
      requests.push(req);
      if (options.hang) {
        onToken({ text: 'first' });
        await new Promise<void>((resolve) =>
          req.signal?.addEventListener('abort', () => resolve(), { once: true }),
        );
        if (options.fail) throw options.fail;
        return { promptTokens: 2, completionTokens: 1, finishReason: 'cancelled' };
      }
      const tokens = options.tokens ?? ['a', 'b', 'c'];
      for (const text of tokens) onToken({ text });
      if (options.fail) throw options.fail;
      return { promptTokens: 2, completionTokens: tokens.length, finishReason: 'stop' };
    },
    countTokens: async () => 0,
    close: async () => {},
  };
}
