import { type Hex, keccak256, toBytes } from 'viem';

/** JSON values as evidence holds them (no undefined, no bigint: amounts go in as strings). */
export type EvidenceValue =
  | string
  | number
  | boolean
  | null
  | readonly EvidenceValue[]
  | { readonly [key: string]: EvidenceValue };

/**
 * The canonical JSON of a value: object keys sorted at every depth, no whitespace, so the same
 * evidence always gives the same bytes (and the same hash) whoever serializes it.
 *
 * @example
 * canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }) // '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function canonicalJson(value: EvidenceValue): string {
  if (Array.isArray(value)) return `[${value.map((v: EvidenceValue) => canonicalJson(v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map(
        (key) =>
          `${JSON.stringify(key)}:${canonicalJson((value as Record<string, EvidenceValue>)[key] as EvidenceValue)}`,
      );
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The evidence hash of an audit: keccak256 of its canonical JSON (`canonicalJson`), 0x-prefixed.
 * This is what `node_audits.evidence_hash` stores and what a slash proposal cites on chain; anyone
 * holding the evidence JSON can recompute it.
 *
 * @example
 * auditEvidenceHash({ kind: 'audit', nodeId: 'local-1' }) // '0x…' (66 characters)
 */
export function auditEvidenceHash(evidence: { readonly [key: string]: EvidenceValue }): Hex {
  return keccak256(toBytes(canonicalJson(evidence)));
}
