import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from './appEnv.js';
import { jsonBody } from './openapi.js';

/** A dependency the API needs to serve traffic; throws when it is not usable. */
export type ReadinessCheck = () => Promise<unknown>;

const READINESS_TIMEOUT_MS = 2_000;

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  tags: ['operations'],
  summary: 'Liveness: the process answers',
  responses: { 200: jsonBody(z.object({ status: z.literal('ok') }), 'Alive') },
});

const ReadySchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.record(
    z.string(),
    z.object({
      ok: z.boolean(),
      error: z.string().optional().openapi({ description: 'why the check failed; operators only' }),
      ms: z.number(),
    }),
  ),
});

const readyRoute = createRoute({
  method: 'get',
  path: '/ready',
  tags: ['operations'],
  summary: 'Readiness: database, Redis (when configured) and chain answer',
  responses: { 200: jsonBody(ReadySchema, 'Ready'), 503: jsonBody(ReadySchema, 'A dependency is down') },
});

async function runCheck(check: ReadinessCheck) {
  const started = performance.now();
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('timed out')), READINESS_TIMEOUT_MS).unref(),
      ),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    // Only the error's class of problem, not connection strings or stack traces.
    const message = error instanceof Error ? error.message.split('\n')[0]?.slice(0, 200) : 'failed';
    return { ok: false, error: message ?? 'failed', ms: Math.round(performance.now() - started) };
  }
}

/** `/health` and `/ready` (public; a failed check's error text only to operators). */
export function healthRoutes(checks: Record<string, ReadinessCheck>) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200));
  app.openapi(readyRoute, async (c) => {
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((n) => runCheck(checks[n] as ReadinessCheck)));
    // A failure's text can name hosts, ports or chain ids: the public sees which check failed.
    const shown = c.get('operator')() ? results : results.map(({ ok, ms }) => ({ ok, ms }));
    const entries = Object.fromEntries(names.map((n, i) => [n, shown[i] as (typeof shown)[number]]));
    const ready = results.every((r) => r.ok);
    return c.json(
      { status: ready ? ('ready' as const) : ('not_ready' as const), checks: entries },
      ready ? 200 : 503,
    );
  });
  return app;
}
