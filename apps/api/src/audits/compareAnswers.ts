/** How two greedy answers to the same request compare (see README.md, "Tolerance"). */
export type AnswerComparison =
  | { verdict: 'same' }
  /** The checked answer is the reference cut short (an earlier stop): not an altered text. */
  | { verdict: 'prefix' }
  /** The texts differ: `divergedAt` is the first differing character, `token` the audited answer's frame there. */
  | { verdict: 'diverged'; divergedAt: number; token: number };

/**
 * Compares a node's answer (its token frames) with another answer to the same greedy request,
 * token by token as text: frame boundaries do not matter (an OpenAI-compatible upstream may send
 * several tokens per frame), trailing whitespace does not matter, and a checked answer that is a
 * prefix of the reference (it stopped earlier) is not an altered text. Anything else diverged, at
 * the first differing character; text added after the reference's end diverges where the
 * reference ends.
 *
 * @param answer - the checked node's frames.
 * @param reference - the frames of the reference or the auditing node.
 * @returns the verdict.
 * @example
 * compareAnswers(['The', ' river'], ['The river']) // { verdict: 'same' }
 * compareAnswers(['The', ' rover'], ['The river']) // { verdict: 'diverged', divergedAt: 5, token: 1 }
 */
export function compareAnswers(answer: readonly string[], reference: readonly string[]): AnswerComparison {
  const a = answer.join('').trimEnd();
  const b = reference.join('').trimEnd();
  if (a === b) return { verdict: 'same' };
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length) return { verdict: 'prefix' };
  return { verdict: 'diverged', divergedAt: i, token: frameAt(answer, i) };
}

/** The index of the frame holding character `offset` of the joined frames. */
function frameAt(frames: readonly string[], offset: number): number {
  let end = 0;
  for (const [i, frame] of frames.entries()) {
    end += frame.length;
    if (offset < end) return i;
  }
  return Math.max(0, frames.length - 1);
}
