/**
 * Where the Next server itself reaches the API (the same target as the `/api` rewrites).
 * @param env - the environment (process.env)
 * @returns the API base URL without a trailing slash
 */
export function readServerApiUrl(env: Record<string, string | undefined> = process.env): string {
  return (env.API_URL ?? 'http://127.0.0.1:4000').replace(/\/$/, '');
}
