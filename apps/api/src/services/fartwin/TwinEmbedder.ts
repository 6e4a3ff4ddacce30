/** Who pays for an embeddings call FarTwin makes: the uploading owner, or the chatting user. */
export type EmbeddingPayer = { userId: string; walletAddress: `0x${string}` };

/**
 * Embeds texts with `model` through Far Inference's paid `/v1/embeddings` path (a node serving
 * embeddings, billed to `payer` per input token like any embeddings call).
 */
export type TwinEmbedder = (payer: EmbeddingPayer, model: string, texts: string[]) => Promise<number[][]>;
