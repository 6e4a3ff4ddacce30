import { z } from '@hono/zod-openapi';
import { keccak256, stringToBytes } from 'viem';
import { BaseError } from '../../errors/BaseError.js';
import { validationError } from '../../errors/toErrorResponse.js';

/** The most bytes a proposal's metadata document may have: the page, not the data set. */
export const MAX_METADATA_JSON_LENGTH = 40_000;

const line = (max: number) => z.string().trim().min(1).max(max);

/**
 * The document a researcher commits to when opening a proposal: ResearchEscrow stores the keccak256
 * of its exact JSON text as the proposal's `metadataHash`, and the API stores the page only when the
 * text it is given hashes to that value. Milestones are listed in the contract's order; their
 * amounts and due dates are the chain's, not the page's.
 */
export const ProposalMetadataSchema = z
  .object({
    title: line(200),
    abstract: line(5_000),
    field: line(60).openapi({ example: 'Neuroscience' }),
    team: z
      .array(
        z.object({
          name: line(120),
          role: line(120),
          wallet: z
            .string()
            .regex(/^0x[0-9a-fA-F]{40}$/)
            .optional(),
        }),
      )
      .min(1)
      .max(20),
    budgetNarrative: line(5_000),
    milestones: z
      .array(z.object({ title: line(200), description: line(2_000) }))
      .min(1)
      .max(20),
  })
  .openapi('DesciProposalMetadata');

export type ProposalMetadata = z.infer<typeof ProposalMetadataSchema>;

/**
 * The metadata hash ResearchEscrow records for a proposal: keccak256 of the document's UTF-8 bytes.
 *
 * @param metadataJson - the document exactly as the researcher committed to it.
 * @returns the 0x-prefixed 32-byte hash.
 * @example
 * const metadataHash = hashProposalMetadata(JSON.stringify(metadata));
 */
export function hashProposalMetadata(metadataJson: string): `0x${string}` {
  return keccak256(stringToBytes(metadataJson));
}

/**
 * Parses a proposal's metadata document, refusing text that is not JSON or not a proposal page.
 *
 * @param metadataJson - the document's JSON text.
 * @returns the parsed metadata.
 * @throws BaseError `validation_failed` naming the first bad field, `bad_request` for text that is not JSON.
 */
export function parseProposalMetadata(metadataJson: string): ProposalMetadata {
  let value: unknown;
  try {
    value = JSON.parse(metadataJson);
  } catch (error) {
    throw new BaseError('bad_request', 'metadataJson is not JSON', {
      cause: error,
      details: { field: 'metadataJson' },
    });
  }
  const parsed = ProposalMetadataSchema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error, 'metadataJson');
  return parsed.data;
}
