import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  varchar,
} from 'drizzle-orm/pg-core';

/**
 * The open model catalogue: every model the network sells, managed by operators. A node may
 * announce any active model here; requests for anything else are refused. Prices are exact decimals
 * (USD per million tokens, input and output apart), converted to FAR wei at request time.
 */
export const models = pgTable(
  'models',
  {
    /** The id clients send as `model`, e.g. `llama-3.1-8b-instruct-q4_k_m`. */
    id: varchar('id', { length: 100 }).primaryKey(),
    /** Model family (`llama`, `qwen`, `mistral`…): close matches share it. */
    family: varchar('family', { length: 50 }).notNull(),
    /** Parameters, e.g. 8030261248 for Llama 3.1 8B. */
    parameterCount: bigint('parameter_count', { mode: 'number' }).notNull(),
    /** Weight format, e.g. `Q4_K_M` (GGUF), `F16`, `BF16`. */
    quantization: varchar('quantization', { length: 30 }).notNull(),
    /** Context window in tokens. */
    contextLength: integer('context_length').notNull(),
    /** Smallest GPU memory, in GB, a node needs to serve it (weights + a working KV cache). */
    minVramGb: integer('min_vram_gb').notNull(),
    /** Expected generation speed on a card meeting the minimum: the yardstick of the score's speed factor. */
    expectedTokensPerSecond: integer('expected_tokens_per_second').notNull(),
    /** USD per 1M prompt tokens, exact. */
    inputPriceUsdPer1M: numeric('input_price_usd_per_1m', { precision: 20, scale: 8 }).notNull(),
    /** USD per 1M generated tokens, exact. */
    outputPriceUsdPer1M: numeric('output_price_usd_per_1m', { precision: 20, scale: 8 }).notNull(),
    /**
     * SHA-256 (lowercase hex) of the GGUF weights file; a node announcing another hash for this
     * model is refused. Null: any weights announced under this id are accepted (models served
     * through OpenAI-compatible upstreams, or GGUF hashes an operator has not pinned yet).
     */
    weightsSha256: varchar('weights_sha256', { length: 64 }),
    /** Where the weights come from (a Hugging Face repository and file); informational. */
    source: text('source').notNull().default(''),
    kind: text('kind').$type<CatalogueModelKind>().notNull().default('chat'),
    status: text('status').$type<CatalogueModelStatus>().notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('idx_models_status').on(t.status),
    check('models_kind_check', sql`${t.kind} in ('chat', 'embedding')`),
    check('models_status_check', sql`${t.status} in ('active', 'retired')`),
    check('models_prices_check', sql`${t.inputPriceUsdPer1M} >= 0 and ${t.outputPriceUsdPer1M} >= 0`),
    check('models_weights_sha256_check', sql`${t.weightsSha256} ~ '^[0-9a-f]{64}$'`),
  ],
);

export type CatalogueModelKind = 'chat' | 'embedding';
export type CatalogueModelStatus = 'active' | 'retired';
export type CatalogueModelRow = typeof models.$inferSelect;
export type NewCatalogueModelRow = typeof models.$inferInsert;
