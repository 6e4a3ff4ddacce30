import type { Engine, GenerateRequest, GenerateResult, TokenEvent } from '../../src/engines/engine.js';

export type CollectedGeneration = {
  events: TokenEvent[];
  /** Each event's text, in order. */
  texts: string[];
  /** The texts joined: what a client would have received. */
  text: string;
  result: GenerateResult;
};

/**
 * Runs `engine.generate(request)` to its end and keeps every token event it emitted.
 *
 * @param onEvent - sees each event as it arrives, with its index from 0 (to abort mid-stream, say).
 * @returns the events, their texts and the engine's result.
 * @example
 * const { text, result } = await collectGeneration(engine, { model: 'far-demo', prompt: 'The', maxTokens: 8 });
 */
export async function collectGeneration(
  engine: Pick<Engine, 'generate'>,
  request: GenerateRequest,
  onEvent?: (event: TokenEvent, index: number) => void,
): Promise<CollectedGeneration> {
  const events: TokenEvent[] = [];
  const result = await engine.generate(request, (event) => {
    events.push(event);
    onEvent?.(event, events.length - 1);
  });
  const texts = events.map((event) => event.text);
  return { events, texts, text: texts.join(''), result };
}
