/**
 * The protocol error code a failed task reports: the engine error's own `code` in snake_case (the
 * wire allows `[a-z][a-z0-9_]{0,63}`), else `engine_error`.
 *
 * @param error - what the engine threw.
 * @returns a wire-safe error code.
 * @example
 * toTaskErrorCode(new EngineError('CONTEXT_OVERFLOW', '…')) // 'context_overflow'
 */
export function toTaskErrorCode(error: unknown): string {
  const raw =
    error && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : '';
  const snake = raw.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return /^[a-z][a-z0-9_]{0,63}$/.test(snake) ? snake : 'engine_error';
}
