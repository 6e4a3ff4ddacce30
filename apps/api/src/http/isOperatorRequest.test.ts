import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { isOperatorRequest } from './isOperatorRequest.js';

const TOKEN = 'operator-token-operator-token-0123';

/** Asks a one-route app whether it sees an operator, with the socket peer the Node server would give it. */
async function seesOperator(
  operatorToken: string | undefined,
  headers: Record<string, string> = {},
  peer: string | null = '127.0.0.1',
) {
  const app = new Hono();
  app.get('/', (c) => c.text(String(isOperatorRequest(c, operatorToken))));
  const env = peer === null ? undefined : { incoming: { socket: { remoteAddress: peer } } };
  return (await app.request('/', { headers }, env)).text();
}

describe('isOperatorRequest', () => {
  it('with a token, admits exactly that bearer token from anywhere', async () => {
    expect(await seesOperator(TOKEN, { authorization: `Bearer ${TOKEN}` }, '203.0.113.7')).toBe('true');
    expect(await seesOperator(TOKEN, { authorization: `Bearer ${TOKEN}x` })).toBe('false');
    expect(await seesOperator(TOKEN, { authorization: 'Bearer short' })).toBe('false');
  });

  it('with a token, does not admit loopback callers without it', async () => {
    expect(await seesOperator(TOKEN, {}, '127.0.0.1')).toBe('false');
  });

  it('without a token, admits only direct loopback connections', async () => {
    expect(await seesOperator(undefined, {}, '127.0.0.1')).toBe('true');
    expect(await seesOperator(undefined, {}, '::1')).toBe('true');
    expect(await seesOperator(undefined, {}, '10.0.0.9')).toBe('false');
    expect(await seesOperator(undefined, {}, null)).toBe('false');
  });

  it('without a token, refuses loopback connections that a proxy forwarded', async () => {
    expect(await seesOperator(undefined, { 'x-forwarded-for': '203.0.113.7' })).toBe('false');
    expect(await seesOperator(undefined, { 'x-forwarded-host': 'far.example' })).toBe('false');
    expect(await seesOperator(undefined, { forwarded: 'for=203.0.113.7' })).toBe('false');
  });
});
