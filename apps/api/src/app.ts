import type { Db } from '@far/db';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { userActivityRoutes } from './account/userActivityRoutes.js';
import { apiKeyRoutes } from './auth/apiKeyRoutes.js';
import { authRoutes } from './auth/authRoutes.js';
import type { NonceStore } from './auth/nonceStore.js';
import type { RateLimiter } from './auth/rateLimiter.js';
import { requireCaller } from './auth/requireCaller.js';
import type { Config } from './config/parseConfig.js';
import { BaseError } from './errors/BaseError.js';
import { toErrorResponse, validationError } from './errors/toErrorResponse.js';
import { apiSecureHeaders } from './http/apiSecureHeaders.js';
import type { AppEnv } from './http/appEnv.js';
import { healthRoutes, type ReadinessCheck } from './http/healthRoutes.js';
import { isOperatorRequest } from './http/isOperatorRequest.js';
import { limitBodySize } from './http/limitBodySize.js';
import { limitRequestsPerIp } from './http/limitRequestsPerIp.js';
import { observeRequests } from './http/observeRequests.js';
import { registerSecuritySchemes } from './http/registerSecuritySchemes.js';
import { rejectUnstorableText } from './http/rejectUnstorableText.js';
import type { Logger } from './observability/createLogger.js';
import type { Metrics } from './observability/createMetrics.js';
import { metricsRoutes } from './observability/metricsRoutes.js';
import { BATCH_LIMITS } from './services/inference/batches/batchLimits.js';

export type AppDeps = {
  config: Config;
  db: Db;
  logger: Logger;
  metrics: Metrics;
  nonces: NonceStore;
  rateLimiter: RateLimiter;
  jwtSecret: Uint8Array;
  readiness: Record<string, ReadinessCheck>;
  /** Feature routers mounted after auth is available (inference, ledger, nodes…). */
  routes?: (app: OpenAPIHono<AppEnv>, helpers: { requireCaller: ReturnType<typeof requireCaller> }) => void;
};

/**
 * Builds the HTTP application. No port is opened here: tests call `app.request()`.
 *
 * @example
 * const app = createApp(deps); serve({ fetch: app.fetch, port: 4000 });
 */
export function createApp(deps: AppDeps) {
  const { config, logger, metrics } = deps;
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  });

  app.use(requestId({ headerName: 'X-Request-Id' }));
  app.use(apiSecureHeaders());
  app.use(observeRequests(logger, metrics));
  app.use(async (c, next) => {
    // Asked only by the few routes with operator-only detail: the check hashes the bearer token.
    let operator: boolean | undefined;
    c.set('operator', () => {
      operator ??= isOperatorRequest(c, config.OPERATOR_TOKEN);
      return operator;
    });
    await next();
  });
  app.use(
    cors({ origin: config.WEB_ORIGIN, credentials: true, exposeHeaders: ['X-Request-Id', 'Retry-After'] }),
  );
  // A batch input file may be larger than any other body (its own bound is checked by its route).
  app.use(limitBodySize(config.BODY_LIMIT_BYTES, { '/v1/files': BATCH_LIMITS.maxFileBytes + 65_536 }));
  app.use(limitRequestsPerIp({ rateLimiter: deps.rateLimiter, metrics, config }));
  // After the body limit (it reads JSON bodies) and the rate limit (refusals still count).
  app.use(rejectUnstorableText());

  app.onError((error, c) => {
    const response = toErrorResponse(error);
    const log = c.get('logger') ?? logger;
    if (response.expected) log.debug({ code: response.body.error.code }, response.body.error.message);
    else log.error({ err: error }, 'unhandled error');
    for (const [name, value] of Object.entries(response.headers)) c.header(name, value);
    return c.json(response.body, response.status as 400);
  });
  app.notFound((c) =>
    c.json(
      toErrorResponse(new BaseError('not_found', `No route for ${c.req.method} ${c.req.path}`)).body,
      404,
    ),
  );

  const caller = requireCaller({
    db: deps.db,
    jwtSecret: deps.jwtSecret,
    rateLimiter: deps.rateLimiter,
    perMinute: config.RATE_LIMIT_PER_MINUTE,
    metrics,
  });

  app.route('/', healthRoutes(deps.readiness));
  app.route(
    '/',
    authRoutes({
      db: deps.db,
      nonces: deps.nonces,
      jwtSecret: deps.jwtSecret,
      siweDomains: config.siweDomains,
      chainIds: new Set([config.CHAIN_ID, 31337, 56, 97]),
      trustedProxyHops: config.TRUST_PROXY,
    }),
  );
  app.route('/', apiKeyRoutes({ db: deps.db, requireCaller: caller, trustedProxyHops: config.TRUST_PROXY }));
  app.route('/', userActivityRoutes({ db: deps.db, requireCaller: caller }));
  deps.routes?.(app, { requireCaller: caller });

  app.route('/', metricsRoutes(metrics));
  registerSecuritySchemes(app);
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Far Labs API',
      version: '0.1.0',
      description: 'Far Inference (OpenAI-compatible /v1), accounts, keys, ledger and the node network.',
    },
  });

  return app as unknown as Hono<AppEnv> & OpenAPIHono<AppEnv>;
}
