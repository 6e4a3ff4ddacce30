import { describe, expect, it } from 'vitest';
import { MAX_APPEAL_REASON_BYTES, parseAppealReason } from './parseAppealReason';

describe('parseAppealReason', () => {
  it('sends the trimmed reason', () => {
    expect(parseAppealReason('  The node answered the canary correctly.  ')).toEqual({
      ok: true,
      reason: 'The node answered the canary correctly.',
    });
  });

  it('refuses an empty or too short reason', () => {
    expect(parseAppealReason('   ')).toMatchObject({ ok: false });
    expect(parseAppealReason('wrong')).toMatchObject({ ok: false });
  });

  it("counts UTF-8 bytes, as NodeBond's MAX_REASON_LENGTH does", () => {
    expect(parseAppealReason('a'.repeat(MAX_APPEAL_REASON_BYTES))).toMatchObject({ ok: true });
    expect(parseAppealReason('a'.repeat(MAX_APPEAL_REASON_BYTES + 1))).toMatchObject({ ok: false });
    // 'é' is 2 bytes: 141 of them are 282 bytes though only 141 characters.
    expect(parseAppealReason('é'.repeat(141))).toEqual({
      ok: false,
      error: 'At most 280 bytes (this is 282).',
    });
  });
});
