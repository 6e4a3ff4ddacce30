import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './appEnv.js';

/** Names the two ways to authenticate in `/openapi.json`: a caller's bearer, and the operator's. */
export function registerSecuritySchemes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An access JWT from /api/auth/verify, or an API key (far_sk_…)',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'operator', {
    type: 'http',
    scheme: 'bearer',
    description: 'The OPERATOR_TOKEN the API was started with',
  });
}
