import { describe, expect, it } from 'vitest';
import { EngineError } from '../engines/engineError.js';
import { toTaskErrorCode } from './toTaskErrorCode.js';

describe('toTaskErrorCode', () => {
  it("reports an engine error's own code in snake_case", () => {
    expect(toTaskErrorCode(new EngineError('CONTEXT_OVERFLOW', 'too long'))).toBe('context_overflow');
    expect(toTaskErrorCode({ code: 'Upstream-Http.Error' })).toBe('upstream_http_error');
  });

  it('falls back to engine_error when there is no code the wire accepts', () => {
    expect(toTaskErrorCode(new Error('boom'))).toBe('engine_error');
    expect(toTaskErrorCode('boom')).toBe('engine_error');
    expect(toTaskErrorCode({ code: 42 })).toBe('engine_error');
    expect(toTaskErrorCode({ code: 'x'.repeat(65) })).toBe('engine_error');
  });
});
