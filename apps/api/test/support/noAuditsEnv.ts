/**
 * The API environment that switches proof of serving off: no canaries, no spot-check audits, on
 * probation or not. For a test that counts the requests its nodes' engine receives.
 */
export const NO_AUDITS_ENV = Object.freeze({
  AUDIT_RATE: '0',
  CANARY_RATE: '0',
  PROBATION_AUDIT_RATE: '0',
  PROBATION_CANARY_RATE: '0',
});
