import type { CatalogueModelKind, CatalogueModelRow, CatalogueModelStatus } from '@far/db';

/** What the network needs to know to sell and schedule one catalogued model. */
export type ModelSpec = {
  readonly id: string;
  /** Model family (`llama`, `qwen`…); close matches of an unknown id share it. */
  readonly family: string;
  readonly parameterCount: number;
  /** Weight format, e.g. `Q4_K_M`. */
  readonly quantization: string;
  /** Context window in tokens. */
  readonly contextLength: number;
  /** Smallest GPU memory, in GB, a node needs to serve the model. */
  readonly minVramGb: number;
  /** Expected generation speed, the yardstick of the score's speed factor. */
  readonly tokensPerSecond: number;
  /** USD per 1M prompt tokens, an exact decimal string (converted to FAR wei at request time). */
  readonly inputPriceUsdPer1M: string;
  /** USD per 1M generated tokens, an exact decimal string. */
  readonly outputPriceUsdPer1M: string;
  /** SHA-256 (hex) of the GGUF weights every node must serve under this id; null accepts any. */
  readonly weightsSha256: string | null;
  /** Where the weights come from; informational. */
  readonly source: string;
  readonly kind: CatalogueModelKind;
  readonly status: CatalogueModelStatus;
  readonly updatedAt: Date;
};

/**
 * A catalogue row as the API uses it: prices without the column's trailing zeros (`0.50000000` → `0.5`).
 *
 * @param row - a `models` row.
 * @returns its spec.
 */
export function toModelSpec(row: CatalogueModelRow): ModelSpec {
  return {
    id: row.id,
    family: row.family,
    parameterCount: row.parameterCount,
    quantization: row.quantization,
    contextLength: row.contextLength,
    minVramGb: row.minVramGb,
    tokensPerSecond: row.expectedTokensPerSecond,
    inputPriceUsdPer1M: trimDecimal(row.inputPriceUsdPer1M),
    outputPriceUsdPer1M: trimDecimal(row.outputPriceUsdPer1M),
    weightsSha256: row.weightsSha256,
    source: row.source,
    kind: row.kind,
    status: row.status,
    updatedAt: row.updatedAt,
  };
}

function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}
