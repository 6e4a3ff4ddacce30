import { type Hex, keccak256, stringToBytes } from 'viem';

/**
 * The metadataHash a researcher opens a proposal with: keccak256 of the page document's exact UTF-8
 * text. The API stores the page only when the same text hashes to the value on chain, so the text
 * sent to the API must be this very string.
 * @param metadataJson - the page document as JSON text
 * @returns the 0x-prefixed 32-byte hash
 * @example
 * const json = JSON.stringify(metadata); openProposal(..., hashProposalMetadata(json));
 */
export function hashProposalMetadata(metadataJson: string): Hex {
  return keccak256(stringToBytes(metadataJson));
}
