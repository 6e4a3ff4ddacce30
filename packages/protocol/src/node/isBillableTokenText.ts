/**
 * A visible character: a letter, number, punctuation mark or symbol (emoji included). Whitespace,
 * control and format characters (zero-width spaces and joiners, BOM, bidi marks), lone combining
 * marks, unpaired surrogates, private-use and unassigned code points are not: a client sees nothing
 * for them, so nothing is sold.
 */
const VISIBLE_CHARACTER = /[\p{L}\p{N}\p{P}\p{S}]/u;

/**
 * Whether one `task.token` frame is a billable completion token: its text shows at least one
 * visible character. Empty and whitespace-only frames (and frames of invisible characters) are
 * forwarded as text but never billed, so a node cannot be paid for frames that deliver nothing;
 * and since each billable frame carries a visible character of its own, the billable count of an
 * answer never exceeds the visible characters it delivered, however finely it is split. Both the
 * coordinator (to bill) and a node (to claim `usage.completionTokens`) count with this rule.
 *
 * @param text - the frame's `text`.
 * @returns true when the frame counts as one billable token.
 * @example
 * isBillableTokenText(' river'); // true
 * isBillableTokenText(' \n');    // false
 * isBillableTokenText('\u200b'); // false (zero-width space)
 */
export function isBillableTokenText(text: string): boolean {
  return VISIBLE_CHARACTER.test(text);
}
