import { NextResponse } from 'next/server';
import { readPublicConfig } from './lib/config/readPublicConfig';
import { securityHeaders } from './lib/security/securityHeaders';

/**
 * Adds the security headers to every response, computed at request time: one image is promoted
 * from staging to production, so the API origin the CSP allows comes from the running server's
 * environment. (next.config.ts `headers()` would bake the build machine's API_URL into the build,
 * and `next start` cannot load a config that imports the app's TypeScript.)
 */
export function proxy() {
  const response = NextResponse.next();
  const headers = securityHeaders({
    apiUrl: readPublicConfig().apiUrl,
    dev: process.env.NODE_ENV === 'development',
  });
  for (const { key, value } of headers) response.headers.set(key, value);
  return response;
}

export const config = {
  // Static build files are immutable and carry no page: they need no policy of their own.
  matcher: '/((?!_next/static|_next/image).*)',
};
