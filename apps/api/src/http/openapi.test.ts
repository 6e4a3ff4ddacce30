import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { refusedField } from './openapi.js';

const Body = z.object({ model: z.string(), tools: refusedField('tools are not supported') }).openapi('Body');

describe('refusedField', () => {
  it('accepts the field absent and refuses any value with its message', () => {
    expect(Body.safeParse({ model: 'm' }).success).toBe(true);
    for (const tools of [[], null, false, 'x']) {
      const result = Body.safeParse({ model: 'm', tools });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('tools are not supported');
    }
  });

  it('renders in the OpenAPI document as a property no value satisfies', () => {
    const app = new OpenAPIHono();
    app.openapi(
      createRoute({
        method: 'post',
        path: '/x',
        request: { body: { content: { 'application/json': { schema: Body } } } },
        responses: { 204: { description: 'done' } },
      }),
      (c) => c.body(null, 204),
    );
    const document = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } });
    expect(document.components?.schemas?.Body).toMatchObject({
      properties: { tools: { not: {}, description: 'tools are not supported' } },
      required: ['model'],
    });
  });
});
