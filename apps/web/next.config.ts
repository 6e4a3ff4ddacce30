import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// The browser talks to the API same-origin; the server forwards, so no CORS and the refresh
// cookie stays first-party.
const apiUrl = (process.env.API_URL ?? 'http://127.0.0.1:4000').replace(/\/$/, '');

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Workspace packages export TypeScript sources.
  transpilePackages: ['@far/contracts', '@far/protocol'],
  turbopack: { root: fileURLToPath(new URL('../..', import.meta.url)) },
  async rewrites() {
    return [
      { source: '/api/:path*', destination: `${apiUrl}/api/:path*` },
      { source: '/v1/:path*', destination: `${apiUrl}/v1/:path*` },
    ];
  },
};

export default nextConfig;
