import type { paths } from './apiSchema.generated';

type Json<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;

/**
 * The JSON a route answers on success, read from the API's own OpenAPI document.
 * @example
 * type Me = ApiAnswer<'/api/me', 'get'>; // { user: {...}; balances: { available: string; reserved: string } }
 */
export type ApiAnswer<Path extends keyof paths, Method extends 'get' | 'post'> = paths[Path][Method] extends {
  responses: infer Responses;
}
  ? Json<Responses[200 & keyof Responses]> | Json<Responses[201 & keyof Responses]>
  : never;
