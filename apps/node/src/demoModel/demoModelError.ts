/** Stable codes for failures while building or reading the demo model. */
export type DemoModelErrorCode = 'GGUF_INVALID' | 'CORPUS_INVALID' | 'MODEL_WRITE_FAILED';

/** Error thrown by the demo-model builder; switch on `code`, show `message`. */
export class DemoModelError extends Error {
  override readonly name = 'DemoModelError';
  readonly code: DemoModelErrorCode;

  constructor(code: DemoModelErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
