import type { PublicConfig } from './PublicConfig';

/**
 * Reads the browser-facing settings from the server's environment, at request time.
 * @param env - an environment to read instead of the process's (tests)
 * @returns the public config
 */
export function readPublicConfig(env?: Record<string, string | undefined>): PublicConfig {
  // Direct `process.env.X` reads: the bundler only leaves those to the runtime.
  const apiUrl = env
    ? (env.NEXT_PUBLIC_API_URL ?? env.API_URL)
    : (process.env.NEXT_PUBLIC_API_URL ?? process.env.API_URL);
  const walletConnectProjectId = env
    ? env.NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID
    : process.env.NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID;
  return {
    apiUrl: (apiUrl ?? 'http://127.0.0.1:4000').replace(/\/$/, ''),
    walletConnectProjectId: walletConnectProjectId?.trim() || null,
  };
}
