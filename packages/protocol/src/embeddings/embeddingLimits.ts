/**
 * Bounds on an embeddings request, wherever it travels: the HTTP API refuses a body beyond them,
 * the coordinator never assigns a `task.embed` beyond them and a node refuses one that is. They keep
 * a `task.embed` inside one WebSocket frame (1 MiB) with room for JSON overhead, and each
 * `task.embedding` (one vector per frame) far inside it.
 */
export const EMBEDDING_LIMITS = {
  /** Inputs one request may embed. */
  maxInputs: 256,
  /** Characters of one input. */
  maxInputLength: 32_000,
  /** Characters of all inputs together. */
  maxTotalInputLength: 400_000,
  /** Numbers in one vector (the widest embedding models have 4,096 to 8,192). */
  maxDimensions: 16_384,
} as const;
