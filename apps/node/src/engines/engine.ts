/** One chat turn, as in OpenAI's chat API. */
export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };

/**
 * What the agent asks an engine to generate. Exactly one of `messages` (chat) or `prompt` (raw
 * completion) is set. A chat whose last message is the assistant's, or a `prompt`, is continued in
 * place rather than answered in a new turn — that is how a task resumes on another node mid-stream.
 */
export type GenerateRequest = {
  model: string;
  messages?: ChatMessage[];
  prompt?: string;
  maxTokens: number;
  /** 0 = greedy (deterministic). */
  temperature: number;
  topP?: number;
  seed?: number;
  /** Generation ends before the first occurrence of any of these; the stop text is not emitted. */
  stop?: string[];
  /** Aborting ends the generation with finishReason 'cancelled'. */
  signal?: AbortSignal;
};

/** Exactly one model token per event; `text` may be '' while a multi-token character is incomplete. */
export type TokenEvent = { text: string };

/** `completionTokens` counts the token events delivered (what the client received and pays for). */
export type GenerateResult = {
  promptTokens: number;
  completionTokens: number;
  finishReason: 'stop' | 'length' | 'cancelled';
};

/** An inference backend the far-node agent serves tasks with. */
export interface Engine {
  readonly kind: 'llama' | 'openai';
  listModels(): Promise<{ id: string; contextLength?: number }[]>;
  generate(req: GenerateRequest, onToken: (t: TokenEvent) => void): Promise<GenerateResult>;
  /** Tokens `text` takes in `model`'s tokenizer (plain text, no chat template). */
  countTokens(model: string, text: string): Promise<number>;
  close(): Promise<void>;
}
