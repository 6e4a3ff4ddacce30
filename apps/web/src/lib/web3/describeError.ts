import { ApiError } from '../api/ApiError';

/**
 * A one-line, human explanation of an error from the API, the wallet or the chain.
 * @param error - anything thrown
 * @returns a sentence safe to show
 */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error && typeof error === 'object') {
    const { shortMessage, message } = error as { shortMessage?: unknown; message?: unknown };
    if (typeof shortMessage === 'string' && shortMessage) return shortMessage;
    if (typeof message === 'string' && message) return message.split('\n')[0] ?? message;
  }
  return 'Something went wrong.';
}
