import { describe, expect, it } from 'vitest';
import { proxy } from '../../proxy';
import { securityHeaders } from './securityHeaders';

/** The directives of a CSP, by name. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

function cspOf(headers: { key: string; value: string }[]) {
  return directives(headers.find((h) => h.key === 'Content-Security-Policy')?.value ?? '');
}

describe('the web app security headers', () => {
  it('the proxy sends them on every page, for the API the running server is configured with', () => {
    const before = process.env.API_URL;
    process.env.API_URL = 'https://api.staging.farlabs.example';
    try {
      const response = proxy();
      for (const key of [
        'Content-Security-Policy',
        'Strict-Transport-Security',
        'X-Frame-Options',
        'Referrer-Policy',
        'X-Content-Type-Options',
      ]) {
        expect(response.headers.get(key)).toBeTruthy();
      }
      expect(response.headers.get('Content-Security-Policy')).toContain('wss://api.staging.farlabs.example');
    } finally {
      if (before === undefined) delete process.env.API_URL;
      else process.env.API_URL = before;
    }
  });

  it('in production: no framing, same-origin scripts without eval, the API socket, wallet connectors over TLS', () => {
    const headers = securityHeaders({ apiUrl: 'https://api.farlabs.example', dev: false });
    const csp = cspOf(headers);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).not.toContain("'unsafe-eval'");
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(
      expect.arrayContaining([
        "'self'",
        'https://api.farlabs.example',
        'wss://api.farlabs.example',
        'https:',
        'wss:',
      ]),
    );
    expect(csp.get('connect-src')?.some((s) => s.includes('127.0.0.1'))).toBe(false);
    expect(csp.get('frame-src')).toContain('https://verify.walletconnect.com');
    expect(csp.has('upgrade-insecure-requests')).toBe(true);
    const value = (key: string) => headers.find((h) => h.key === key)?.value;
    expect(value('Strict-Transport-Security')).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    expect(value('X-Frame-Options')).toBe('DENY');
    expect(value('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    expect(value('X-Content-Type-Options')).toBe('nosniff');
  });

  it('on a local network: the loopback API and RPC over http and ws, and eval only for the dev server', () => {
    const local = cspOf(securityHeaders({ apiUrl: 'http://127.0.0.1:4000', dev: false }));
    expect(local.get('connect-src')).toEqual(
      expect.arrayContaining([
        'http://127.0.0.1:4000',
        'ws://127.0.0.1:4000',
        'http://127.0.0.1:*',
        'ws://127.0.0.1:*',
      ]),
    );
    expect(local.has('upgrade-insecure-requests')).toBe(false);
    expect(local.get('script-src')).not.toContain("'unsafe-eval'");
    const dev = cspOf(securityHeaders({ apiUrl: 'http://127.0.0.1:4000', dev: true }));
    expect(dev.get('script-src')).toContain("'unsafe-eval'");
  });
});
