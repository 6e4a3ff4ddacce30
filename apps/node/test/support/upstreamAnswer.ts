import type { UpstreamResponse } from '../../src/engines/requestOverHttp.js';

/**
 * An upstream answer with a whole body, for a fake transport in tests.
 * @param text - the body.
 * @param status - the HTTP status (default 200).
 * @returns the response.
 * @example
 * const client = createUpstreamClient({ upstream: 'http://up', transport: async () => upstreamAnswer('{}') });
 */
export function upstreamAnswer(text: string, status = 200): UpstreamResponse {
  const bytes = new TextEncoder().encode(text);
  return {
    status,
    ok: status >= 200 && status < 300,
    body: (async function* () {
      yield bytes;
    })(),
    text: async () => text,
    json: async () => JSON.parse(text) as unknown,
  };
}
