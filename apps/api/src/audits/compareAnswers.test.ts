import { describe, expect, it } from 'vitest';
import { auditEvidenceHash, canonicalJson } from './auditEvidenceHash.js';
import { auditRatesFor, DEFAULT_AUDIT_CONFIG } from './auditRates.js';
import { compareAnswers } from './compareAnswers.js';

describe('compareAnswers', () => {
  it('ignores frame boundaries and trailing whitespace', () => {
    expect(compareAnswers(['The', ' river'], ['The river'])).toEqual({ verdict: 'same' });
    expect(compareAnswers(['The river', '\n'], ['The', ' river'])).toEqual({ verdict: 'same' });
  });

  it('accepts an answer that stopped earlier, not one with text added', () => {
    expect(compareAnswers(['The'], ['The', ' river'])).toEqual({ verdict: 'prefix' });
    expect(compareAnswers(['The', ' river', ' and more'], ['The', ' river'])).toEqual({
      verdict: 'diverged',
      divergedAt: 9,
      token: 2,
    });
  });

  it('names the first differing character and the token holding it', () => {
    expect(compareAnswers(['The', ' rover'], ['The river'])).toEqual({
      verdict: 'diverged',
      divergedAt: 5,
      token: 1,
    });
  });
});

describe('auditEvidenceHash', () => {
  it('hashes the canonical JSON: key order never changes the hash', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 'x' }], e: null })).toBe(
      '{"a":[{"c":"x","d":2}],"b":1,"e":null}',
    );
    expect(auditEvidenceHash({ a: 1, b: [2] })).toBe(auditEvidenceHash({ b: [2], a: 1 }));
    expect(auditEvidenceHash({ a: 1 })).not.toBe(auditEvidenceHash({ a: 2 }));
    expect(auditEvidenceHash({ a: 1 })).toMatch(/^0x[0-9a-f]{64}$/);
  });
});

describe('auditRatesFor', () => {
  it('checks new and low-score nodes more', () => {
    const established = auditRatesFor({ passedChecks: 500, score: 85 }, DEFAULT_AUDIT_CONFIG);
    const fresh = auditRatesFor({ passedChecks: 0, score: 85 }, DEFAULT_AUDIT_CONFIG);
    const low = auditRatesFor({ passedChecks: 500, score: 40 }, DEFAULT_AUDIT_CONFIG);
    expect(established.probation).toBe(false);
    expect(fresh).toMatchObject({ probation: true });
    expect(low).toEqual(fresh);
    expect(fresh.audit).toBeGreaterThan(established.audit);
    expect(fresh.canary).toBeGreaterThan(established.canary);
  });
});
