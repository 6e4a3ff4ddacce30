import type { PublicConfig } from './PublicConfig';

/**
 * Reads the browser-facing settings from the server's environment, at request time.
 * @param env - the environment (process.env)
 * @returns the public config
 */
export function readPublicConfig(env: Record<string, string | undefined> = process.env): PublicConfig {
  const apiUrl = env.NEXT_PUBLIC_API_URL ?? env.API_URL ?? 'http://127.0.0.1:4000';
  return { apiUrl: apiUrl.replace(/\/$/, '') };
}
