/**
 * The message of anything thrown, for an engine error's own message.
 *
 * @param error - what was thrown.
 * @returns its message, or its text.
 * @example
 * throw new EngineError('GENERATION_FAILED', `generation failed: ${errorMessage(cause)}`, { cause });
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
