import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/appEnv.js';
import type { PlatformCore, ServiceRouteHelpers } from './PlatformCore.js';
import type { ServiceDefinition, ServiceModule } from './ServiceModule.js';

/** The platform's services, built: mounted into the app, started after listen, closed at shutdown. */
export type Services = {
  /** Mounts every service's routes at the root of the app (their paths are absolute). */
  mountRoutes(app: OpenAPIHono<AppEnv>, helpers: ServiceRouteHelpers): void;
  /** Starts each service's background work, in the order the services are listed. */
  start(): Promise<void>;
  /** Stops them in reverse order; a failing close does not keep the others running. */
  close(): Promise<void>;
};

/**
 * Builds each service from the platform core, giving each a logger tagged with its id.
 *
 * @param definitions - the services, in order (see `platformServices`).
 * @param core - what the platform gives every service.
 * @example
 * const services = await createServices(platformServices, core);
 * createApp({ ..., routes: (app, helpers) => services.mountRoutes(app, helpers) });
 * await services.start();
 */
export async function createServices(
  definitions: readonly ServiceDefinition[],
  core: PlatformCore,
): Promise<Services> {
  const ids = new Set<string>();
  const modules: ServiceModule[] = [];
  for (const definition of definitions) {
    if (ids.has(definition.id)) throw new Error(`Two services share the id ${definition.id}`);
    ids.add(definition.id);
    modules.push(await definition.create({ ...core, logger: core.logger.child({ part: definition.id }) }));
  }
  const started: ServiceModule[] = [];
  return {
    mountRoutes(app, helpers) {
      for (const module of modules) if (module.routes) app.route('/', module.routes(helpers));
    },
    async start() {
      for (const module of modules) {
        await module.start?.();
        started.push(module);
      }
    },
    async close() {
      const errors: unknown[] = [];
      for (const module of started.reverse()) {
        try {
          await module.close?.();
        } catch (error) {
          errors.push(error);
        }
      }
      started.length = 0;
      if (errors.length > 0) throw new AggregateError(errors, 'A service failed to close');
    },
  };
}
