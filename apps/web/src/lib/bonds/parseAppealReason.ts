/** NodeBond's `MAX_REASON_LENGTH`: `contestSlash` reverts (`ReasonTooLong`) past this many UTF-8 bytes. */
export const MAX_APPEAL_REASON_BYTES = 280;

/** Fewer characters than this say nothing an operator could check. */
const MIN_APPEAL_REASON_LENGTH = 10;

/**
 * The owner's appeal reason as NodeBond's `contestSlash` takes it (logged in `SlashContested` for
 * the operator who decides): trimmed, at least 10 characters, at most 280 UTF-8 bytes, so the
 * wallet never signs a transaction the contract would revert.
 *
 * @param input - what the owner typed.
 * @returns the reason to send, or why it cannot be sent.
 * @example
 * parseAppealReason('  The canary answer matches llama.cpp at seed 0  ') // { ok: true, reason: 'The canary…' }
 */
export function parseAppealReason(
  input: string,
): { ok: true; reason: string } | { ok: false; error: string } {
  const reason = input.trim();
  if (reason.length < MIN_APPEAL_REASON_LENGTH)
    return { ok: false, error: `Say why, in at least ${MIN_APPEAL_REASON_LENGTH} characters.` };
  const bytes = new TextEncoder().encode(reason).length;
  if (bytes > MAX_APPEAL_REASON_BYTES)
    return { ok: false, error: `At most ${MAX_APPEAL_REASON_BYTES} bytes (this is ${bytes}).` };
  return { ok: true, reason };
}
