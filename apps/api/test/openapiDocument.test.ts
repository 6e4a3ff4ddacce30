import { Validator } from '@seriousme/openapi-schema-validator';
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNetwork } from './support/startTestNetwork.js';

type OpenApiDocument = { openapi: string; paths: Record<string, Record<string, unknown>> };

let network: Awaited<ReturnType<typeof startTestNetwork>>;
let document: OpenApiDocument;
beforeAll(async () => {
  // The API as `npm start` runs it: startApiServer with every feature router and a deployed chain.
  network = await startTestNetwork();
  const response = await fetch(`${network.api.url}/openapi.json`);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}: ${text}`);
  document = JSON.parse(text) as OpenApiDocument;
});
afterAll(() => network?.close());

describe('GET /openapi.json on the assembled API', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(document.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every route the API serves', () => {
    const served = new Set<string>();
    for (const route of network.api.app.routes) {
      // Middleware, and the document itself.
      if (route.method === 'ALL' || route.path === '/openapi.json') continue;
      served.add(`${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    }
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m} ${path}`)),
    );
    expect([...served].filter((route) => !documented.has(route)).sort()).toEqual([]);
  });

  it("is what the web client's types were generated from", async () => {
    // The web app calls the API through these types (apps/web/src/lib/api/apiClient.ts); a route
    // or schema change fails here until they are regenerated with
    // `npx vitest run --project api apps/api/test/openapiDocument.test.ts -u`.
    const types = astToString(await openapiTS(document as unknown as OpenAPI3));
    await expect(`${COMMENT_HEADER}${types}`).toMatchFileSnapshot(
      '../../web/src/lib/api/apiSchema.generated.ts',
    );
  });
});
