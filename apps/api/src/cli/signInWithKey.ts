import { privateKeyToAccount } from 'viem/accounts';
import { createSiweMessage } from 'viem/siwe';

/**
 * Signs in to a running API with a private key (SIWE), as a browser wallet would.
 *
 * @returns the access token and the refresh cookie the API set.
 * @example
 * const { accessToken } = await signInWithKey('http://127.0.0.1:4000', DEV_KEY);
 */
export async function signInWithKey(apiUrl: string, privateKey: `0x${string}`, chainId = 31337) {
  const account = privateKeyToAccount(privateKey);
  const nonceResponse = await fetch(new URL('/api/auth/nonce', apiUrl), { method: 'POST' });
  if (!nonceResponse.ok) throw new Error(`nonce: ${nonceResponse.status} ${await nonceResponse.text()}`);
  const { nonce } = (await nonceResponse.json()) as { nonce: string };
  const url = new URL(apiUrl);
  const message = createSiweMessage({
    address: account.address,
    chainId,
    domain: url.host,
    nonce,
    uri: url.origin,
    version: '1',
    statement: 'Sign in to Far Labs',
  });
  const signature = await account.signMessage({ message });
  const verify = await fetch(new URL('/api/auth/verify', apiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, signature }),
  });
  if (!verify.ok) throw new Error(`verify: ${verify.status} ${await verify.text()}`);
  const session = (await verify.json()) as {
    accessToken: string;
    user: { id: string; walletAddress: string };
  };
  return { ...session, refreshCookie: verify.headers.get('set-cookie') ?? undefined };
}
