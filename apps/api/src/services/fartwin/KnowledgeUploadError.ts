import { BaseError, type ErrorCode } from '../../errors/BaseError.js';

/** Why an upload was refused; each maps to its own HTTP status. */
const statusOf = {
  too_large: 'payload_too_large',
  unsupported_type: 'unsupported_media_type',
  empty: 'validation_failed',
  unreadable: 'validation_failed',
  too_many_documents: 'conflict',
} as const satisfies Record<string, ErrorCode>;

/** A knowledge upload the twin cannot take: too big, of a type it cannot read, empty, or one too many. */
export class KnowledgeUploadError extends BaseError {
  override name = 'KnowledgeUploadError';
  constructor(reason: keyof typeof statusOf, message: string, options: { cause?: unknown } = {}) {
    super(statusOf[reason], message, { details: { reason }, ...options });
  }
}
