import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * JSON logs (pino). Secrets never reach a log line: known sensitive fields are redacted.
 *
 * @param level - a pino level, or 'silent' in tests.
 */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'far-api', ...bindings },
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.privateKey', '*.apiKey', '*.refreshToken'],
  });
}
