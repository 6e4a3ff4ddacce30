/**
 * Where the Next server itself reaches the API (the target of the `/api` and `/v1` proxy).
 * @param env - an environment to read instead of the process's (tests)
 * @returns the API base URL without a trailing slash
 */
export function readServerApiUrl(env?: Record<string, string | undefined>): string {
  // `process.env.API_URL` spelled out: the bundler only leaves direct reads to the runtime.
  const apiUrl = env ? env.API_URL : process.env.API_URL;
  return (apiUrl ?? 'http://127.0.0.1:4000').replace(/\/$/, '');
}
