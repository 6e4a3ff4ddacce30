import { OpenAPIHono } from '@hono/zod-openapi';
import { validationError } from '../../errors/toErrorResponse.js';
import type { AppEnv } from '../../http/appEnv.js';

/**
 * A router for Far DeSci's routes whose invalid requests get the API's one 422 shape, naming the field,
 * as on the root app (a sub-app has its own validation hook).
 *
 * @returns an empty OpenAPIHono router.
 */
export function createDesciRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  });
}
