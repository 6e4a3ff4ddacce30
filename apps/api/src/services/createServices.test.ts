import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../http/appEnv.js';
import { createLogger } from '../observability/createLogger.js';
import { NO_REVENUE } from '../revenue/ServiceRevenue.js';
import { createServices } from './createServices.js';
import type { PlatformCore } from './PlatformCore.js';
import type { ServiceDefinition, ServiceModule } from './ServiceModule.js';

// Only the logger is read by createServices itself; each test service reads what it declares.
const core = { logger: createLogger('silent') } as unknown as PlatformCore;
const passThrough: MiddlewareHandler<AppEnv> = async (_c, next) => next();

function service(id: string, module: ServiceModule): ServiceDefinition {
  return { id, name: id, summarizeRevenue: async () => NO_REVENUE, create: () => module };
}

describe('createServices', () => {
  it("mounts each service's routes at the root, with the core's requireCaller", async () => {
    const services = await createServices(
      [
        service('alpha', {
          routes: ({ requireCaller }) => {
            const routes = new OpenAPIHono<AppEnv>();
            routes.use('/api/alpha', requireCaller);
            routes.get('/api/alpha', (c) => c.text('alpha'));
            return routes;
          },
        }),
        service('beta', {
          routes: () => {
            const routes = new OpenAPIHono<AppEnv>();
            routes.get('/api/beta', (c) => c.text('beta'));
            return routes;
          },
        }),
      ],
      core,
    );
    const app = new OpenAPIHono<AppEnv>();
    services.mountRoutes(app, { requireCaller: passThrough });
    expect(await (await app.request('/api/alpha')).text()).toBe('alpha');
    expect(await (await app.request('/api/beta')).text()).toBe('beta');
  });

  it('starts services in order and closes them in reverse, even when one fails to close', async () => {
    const calls: string[] = [];
    const tracked = (id: string, failClose = false) =>
      service(id, {
        start: () => void calls.push(`start ${id}`),
        close: () => {
          calls.push(`close ${id}`);
          if (failClose) throw new Error(`${id} would not close`);
        },
      });
    const services = await createServices([tracked('a'), tracked('b', true), tracked('c')], core);
    await services.start();
    await expect(services.close()).rejects.toThrow('A service failed to close');
    expect(calls).toEqual(['start a', 'start b', 'start c', 'close c', 'close b', 'close a']);
  });

  it('closes only the services that started', async () => {
    const calls: string[] = [];
    const services = await createServices(
      [
        service('ok', { start: () => void calls.push('start ok'), close: () => void calls.push('close ok') }),
        service('broken', {
          start: () => {
            throw new Error('no');
          },
          close: () => void calls.push('close broken'),
        }),
      ],
      core,
    );
    await expect(services.start()).rejects.toThrow('no');
    await services.close();
    expect(calls).toEqual(['start ok', 'close ok']);
  });

  it('refuses two services with one id, since the id names their revenue source on chain', async () => {
    await expect(createServices([service('twin', {}), service('twin', {})], core)).rejects.toThrow(
      'Two services share the id twin',
    );
  });

  it('gives each service a logger tagged with its id', async () => {
    let bindings: Record<string, unknown> | undefined;
    await createServices(
      [
        {
          ...service('tagged', {}),
          create: (given) => {
            bindings = given.logger.bindings();
            return {};
          },
        },
      ],
      core,
    );
    expect(bindings).toMatchObject({ part: 'tagged' });
  });
});
