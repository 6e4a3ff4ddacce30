/**
 * Tells whether a wallet error means the person declined (EIP-1193 code 4001, or viem's
 * UserRejectedRequestError anywhere in the cause chain): a cancel, not a failure.
 * @param error - anything thrown by a wallet call
 * @returns true when the user rejected the request
 */
export function isUserRejection(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current && typeof current === 'object'; depth++) {
    const candidate = current as { code?: unknown; name?: unknown; cause?: unknown };
    if (candidate.code === 4001 || candidate.name === 'UserRejectedRequestError') return true;
    current = candidate.cause;
  }
  return false;
}
