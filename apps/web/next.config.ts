import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// The browser calls the API same-origin through src/app/api and src/app/v1 (route handlers that
// read API_URL at request time), so there is no CORS and the refresh cookie stays first-party.
const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Workspace packages export TypeScript sources.
  transpilePackages: ['@far/contracts', '@far/farcana-game'],
  turbopack: { root: fileURLToPath(new URL('../..', import.meta.url)) },
  // Security headers: src/proxy.ts, at request time.
};

export default nextConfig;
