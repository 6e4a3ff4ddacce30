import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './support/createTestApp.js';

describe('the API security headers', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_IP_PER_MINUTE: '1' });
  });
  afterAll(() => t.close());

  it.each([
    ['a route', '/health', 200],
    ['a 404', '/api/nothing-here', 404],
    ['a refusal by the rate limit', '/api/nothing-here', 429],
  ])('are on %s', async (_, path, status) => {
    const response = await t.app.request(path);
    expect(response.status).toBe(status);
    const header = (name: string) => response.headers.get(name);
    expect(header('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    expect(header('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(header('content-security-policy')).toContain("default-src 'none'");
    expect(header('x-frame-options')).toBe('DENY');
    expect(header('referrer-policy')).toBe('no-referrer');
    expect(header('x-content-type-options')).toBe('nosniff');
  });

  it('leave cross-origin reads to CORS: the web origin still gets its CORS grant', async () => {
    const response = await t.app.request('/health', { headers: { origin: 'http://localhost:3000' } });
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
  });
});
