import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/appEnv.js';
import { errorResponses, jsonBody } from '../../http/openapi.js';
import { buildRules, gamedPlatforms } from './builds/buildRules.js';
import { PlatformSchema } from './gamedWire.js';

const settingsRoute = createRoute({
  method: 'get',
  path: '/api/gamed/store',
  tags: ['gamed'],
  summary:
    'The store’s settings: the GameLicenses contract, the upload part size and each platform’s build rules',
  responses: {
    200: jsonBody(
      z.object({
        licensesAddress: z
          .string()
          .nullable()
          .openapi({ description: 'Null until GameLicenses is deployed' }),
        partSizeBytes: z.number().int(),
        platforms: z.array(
          z.object({
            platform: PlatformSchema,
            index: z.number().int().openapi({ description: 'The platform number publishBuild takes' }),
            maxBytes: z.number().int(),
            extensions: z.array(z.string()),
          }),
        ),
      }),
      'Settings',
    ),
    ...errorResponses,
  },
});

/** What the studio dashboard needs before it has a game: where to register and how to upload. */
export function storeSettingsRoutes(options: { licensesAddress: string | undefined; partSizeBytes: number }) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(settingsRoute, (c) =>
    c.json(
      {
        licensesAddress: options.licensesAddress ?? null,
        partSizeBytes: options.partSizeBytes,
        platforms: gamedPlatforms.map((platform, index) => ({
          platform,
          index,
          maxBytes: buildRules[platform].maxBytes,
          extensions: [...buildRules[platform].extensions],
        })),
      },
      200,
    ),
  );
  return app;
}
