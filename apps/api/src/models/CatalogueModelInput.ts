import { z } from 'zod';

const decimalUsd = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,8})?$/, 'a non-negative decimal with at most 8 decimals, e.g. "0.15"');

/**
 * What an operator sends to add or change a catalogued model (status aside: see retireCatalogueModel).
 * Ids are lowercase, as clients type them: letters, digits, `.`, `_`, `-`.
 */
export const CatalogueModelInputSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, ".", "_" and "-"'),
  family: z
    .string()
    .min(1)
    .max(50)
    .regex(/^[a-z0-9][a-z0-9._-]*$/),
  parameterCount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  quantization: z.string().min(1).max(30),
  contextLength: z.number().int().positive().max(10_000_000),
  minVramGb: z.number().int().min(0).max(100_000),
  tokensPerSecond: z.number().int().positive().max(1_000_000),
  inputPriceUsdPer1M: decimalUsd,
  outputPriceUsdPer1M: decimalUsd,
  /** SHA-256 of the GGUF file, hex (upper case is accepted and stored lower case); null: not pinned. */
  weightsSha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, '64 hex digits')
    .transform((hash) => hash.toLowerCase())
    .nullable(),
  source: z.string().max(500).default(''),
  kind: z.enum(['chat', 'embedding']).default('chat'),
  /** Left out: a new model is active, an existing one keeps its status. */
  status: z.enum(['active', 'retired']).optional(),
});

export type CatalogueModelInput = z.input<typeof CatalogueModelInputSchema>;
