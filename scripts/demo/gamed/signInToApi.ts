import type { LocalAccount } from 'viem';
import { createSiweMessage } from 'viem/siwe';

/**
 * Signs `account` in to the API with SIWE, as the web app does, and returns its access token.
 *
 * @param api - the API's base URL; its host is the SIWE domain.
 */
export async function signInToApi(api: string, account: LocalAccount, chainId: number): Promise<string> {
  const nonceResponse = await fetch(`${api}/api/auth/nonce`, { method: 'POST' });
  const { nonce } = (await nonceResponse.json()) as { nonce: string };
  const message = createSiweMessage({
    address: account.address,
    chainId,
    domain: new URL(api).host,
    nonce,
    uri: api,
    version: '1',
    issuedAt: new Date(),
  });
  const signature = await account.signMessage({ message });
  const response = await fetch(`${api}/api/auth/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, signature }),
  });
  if (!response.ok)
    throw new Error(`sign-in as ${account.address} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}
