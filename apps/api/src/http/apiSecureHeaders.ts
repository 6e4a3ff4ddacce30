import { secureHeaders } from 'hono/secure-headers';

/**
 * The API's security headers on every response, errors included: the API serves JSON, event
 * streams and sockets, never a page, so its CSP allows nothing to load and no one to frame it;
 * HSTS for two years, no referrer, nosniff. Cross-origin reads stay governed by CORS (the web app
 * and third-party clients call it cross-site), so the resource policy is `cross-origin`.
 *
 * @returns the middleware, mounted first in createApp.
 */
export function apiSecureHeaders() {
  return secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
    strictTransportSecurity: 'max-age=63072000; includeSubDomains',
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    xContentTypeOptions: 'nosniff',
    crossOriginResourcePolicy: 'cross-origin',
  });
}
