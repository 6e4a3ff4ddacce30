import type { InferenceRequest, NodeModelCapability } from '@far/protocol';

/**
 * What the agent asks an engine to generate: the inference request as the coordinator assigned it
 * (one type from the HTTP API to here, see `@far/protocol` inference/), plus the abort signal.
 * Exactly one of `messages` (chat) or `prompt` (raw completion) is set. A chat whose last message is
 * the assistant's, or a `prompt`, is continued in place rather than answered in a new turn — that is
 * how a task resumes on another node mid-stream. Aborting the signal ends the generation with
 * finishReason 'cancelled'.
 */
export type GenerateRequest = InferenceRequest & { signal?: AbortSignal | undefined };

/** Exactly one model token per event; `text` may be '' while a multi-token character is incomplete. */
export type TokenEvent = { text: string };

/** `completionTokens` counts the token events delivered (what the client received and pays for). */
export type GenerateResult = {
  promptTokens: number;
  completionTokens: number;
  finishReason: 'stop' | 'length' | 'cancelled';
};

/** What the agent asks an engine to embed: one vector per input, in order. */
export type EmbedRequest = { model: string; input: readonly string[]; signal?: AbortSignal | undefined };

/** Unit-length vectors, one per input in input order, and the tokens the inputs took. */
export type EmbedResult = { embeddings: number[][]; promptTokens: number };

/** A model as the engine serves it; `capabilities` absent means chat only. */
export type EngineModel = {
  id: string;
  contextLength?: number;
  capabilities?: NodeModelCapability[];
  /** SHA-256 of the weights file (lowercase hex), announced so the coordinator can check the catalogue's. */
  weightsSha256?: string;
};

/** An inference backend the far-node agent serves tasks with. */
export interface Engine {
  readonly kind: 'llama' | 'openai';
  listModels(): Promise<EngineModel[]>;
  generate(req: GenerateRequest, onToken: (t: TokenEvent) => void): Promise<GenerateResult>;
  /** Present when the engine was started to serve embeddings (far-node `--embeddings`). */
  embed?(req: EmbedRequest): Promise<EmbedResult>;
  /** Tokens `text` takes in `model`'s tokenizer (plain text, no chat template). */
  countTokens(model: string, text: string): Promise<number>;
  close(): Promise<void>;
}
