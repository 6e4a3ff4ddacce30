/**
 * The one set of bounds on an inference request, wherever it travels: the HTTP API refuses a body
 * beyond them, the coordinator never assigns a task beyond them and a node refuses one that is.
 * They keep a task inside one WebSocket frame of the node protocol with room for JSON overhead.
 */
export const INFERENCE_LIMITS = {
  maxModelIdLength: 128,
  maxMessages: 256,
  /** Characters of one chat message or of a raw prompt. */
  maxContentLength: 200_000,
  /** Characters of all chat messages together (keeps a task under the frame limit with JSON overhead). */
  maxTotalContentLength: 400_000,
  /** Tokens one request may ask for (prompt not included). */
  maxTokens: 32_768,
  maxStopSequences: 8,
  maxStopLength: 64,
  /** Largest sampling seed: an unsigned 32-bit integer, what llama.cpp and vLLM take. */
  maxSeed: 2 ** 32 - 1,
} as const;
