/** One response header, in the shape Next's `headers()` config takes. */
type Header = { key: string; value: string };

const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/;

/**
 * The web app's security headers, for every route (next.config.ts `headers()`): a Content Security
 * Policy allowing what the app loads, HSTS, no framing, a strict referrer policy and nosniff.
 * Pages, scripts, styles and fonts come from this origin (Next inlines its bootstrap scripts and
 * styles, hence 'unsafe-inline'; the dev server also needs 'unsafe-eval'). The browser calls the
 * API through this origin, except the realtime socket, which opens on the API's own origin; wallet
 * connectors reach chain RPCs and WalletConnect's relays over https/wss, and WalletConnect checks
 * the page in its verify frame. A loopback API (local network, tests) also allows loopback.
 *
 * @param options - the API's public URL, and whether this is the dev server.
 * @returns the headers.
 * @example
 * securityHeaders({ apiUrl: 'https://api.farlabs.example', dev: false })
 */
export function securityHeaders(options: { apiUrl: string; dev: boolean }): Header[] {
  const api = new URL(options.apiUrl);
  const apiSocket = `${api.protocol === 'https:' ? 'wss:' : 'ws:'}//${api.host}`;
  const loopback = LOOPBACK.test(api.origin)
    ? ['http://127.0.0.1:*', 'ws://127.0.0.1:*', 'http://localhost:*', 'ws://localhost:*']
    : [];
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'${options.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    ['connect-src', "'self'", api.origin, apiSocket, 'https:', 'wss:', ...loopback].join(' '),
    'frame-src https://verify.walletconnect.com https://verify.walletconnect.org',
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Not on a local network: it would turn its http RPC and API calls into https ones.
    ...(options.dev || loopback.length > 0 ? [] : ['upgrade-insecure-requests']),
  ].join('; ');
  return [
    { key: 'Content-Security-Policy', value: csp },
    { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  ];
}
