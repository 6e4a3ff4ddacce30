/** Stable codes the agent can map to task errors. */
export type EngineErrorCode =
  | 'INVALID_REQUEST'
  | 'MODEL_NOT_FOUND'
  | 'MODEL_LOAD_FAILED'
  | 'CONTEXT_OVERFLOW'
  | 'ENGINE_CLOSED'
  | 'UPSTREAM_UNREACHABLE'
  | 'UPSTREAM_HTTP_ERROR'
  | 'UPSTREAM_PROTOCOL_ERROR'
  | 'GENERATION_FAILED';

/** Error raised by an engine; switch on `code`, show `message`. */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  readonly code: EngineErrorCode;
  /** HTTP status from an upstream server, when there was one. */
  readonly status: number | undefined;

  constructor(code: EngineErrorCode, message: string, options: { cause?: unknown; status?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
  }
}
