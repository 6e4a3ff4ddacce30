import type { Hono } from 'hono';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createSiweMessage } from 'viem/siwe';

type App = Pick<Hono, 'request'>;

/** Asks the app for a nonce and builds a SIWE message for `account` (defaults are valid). */
export async function siweMessageFor(
  app: App,
  account: ReturnType<typeof privateKeyToAccount>,
  overrides: Partial<Parameters<typeof createSiweMessage>[0]> = {},
) {
  const { nonce } = (await (await app.request('/api/auth/nonce', { method: 'POST' })).json()) as {
    nonce: string;
  };
  return createSiweMessage({
    address: account.address,
    chainId: 31337,
    domain: 'localhost:3000',
    nonce,
    uri: 'http://localhost:3000',
    version: '1',
    issuedAt: new Date(),
    ...overrides,
  });
}

export function postJson(app: App, path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/**
 * Signs in a fresh random wallet (or `privateKey`'s), sending `headers` with the sign-in (a client's
 * user agent, X-Forwarded-For); returns its access token and refresh cookie.
 */
export async function signIn(
  app: App,
  privateKey = generatePrivateKey(),
  headers: Record<string, string> = {},
) {
  const account = privateKeyToAccount(privateKey);
  const message = await siweMessageFor(app, account);
  const signature = await account.signMessage({ message });
  const response = await postJson(app, '/api/auth/verify', { message, signature }, headers);
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as {
    accessToken: string;
    user: { id: string; walletAddress: string };
  };
  const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? '';
  return { ...body, cookie, account };
}
