import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';
import { readPublicConfig } from './src/lib/config/readPublicConfig';
import { securityHeaders } from './src/lib/security/securityHeaders';

// The browser calls the API same-origin through src/app/api and src/app/v1 (route handlers that
// read API_URL at request time), so there is no CORS and the refresh cookie stays first-party.
const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Workspace packages export TypeScript sources.
  transpilePackages: ['@far/contracts', '@far/farcana-game'],
  turbopack: { root: fileURLToPath(new URL('../..', import.meta.url)) },
  async headers() {
    const headers = securityHeaders({
      apiUrl: readPublicConfig().apiUrl,
      dev: process.env.NODE_ENV === 'development',
    });
    return [{ source: '/:path*', headers }];
  },
};

export default nextConfig;
