/**
 * Prints an API key for a local dev account, so a curl user needs no browser:
 *   npm run api-key                       # Hardhat dev account #0 against http://127.0.0.1:4000
 *   npm run api-key -- --account 3 --name laptop --api http://127.0.0.1:4000
 *   FAR_PRIVATE_KEY=0x… npm run api-key   # any wallet
 */
import { parseArgs } from 'node:util';
import { devAccount } from '@far/contracts';
import { toHex } from 'viem';
import { z } from 'zod';
import { signInWithKey } from './signInWithKey.js';

const { values } = parseArgs({
  options: {
    api: { type: 'string', default: process.env.API_URL ?? 'http://127.0.0.1:4000' },
    account: { type: 'string', default: '0' },
    name: { type: 'string', default: 'dev' },
    'chain-id': { type: 'string', default: process.env.CHAIN_ID ?? '31337' },
  },
});
const args = z
  .object({
    api: z.url(),
    account: z.coerce.number().int().min(0).max(19),
    name: z.string().min(1).max(64),
    'chain-id': z.coerce.number().int().positive(),
  })
  .safeParse(values);
if (!args.success) {
  console.error(args.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  process.exit(2);
}

// Hardhat's development accounts hold only local test funds.
const privateKey = (process.env.FAR_PRIVATE_KEY ??
  toHex(devAccount(args.data.account).getHdKey().privateKey ?? new Uint8Array())) as `0x${string}`;

try {
  const session = await signInWithKey(args.data.api, privateKey, args.data['chain-id']);
  const response = await fetch(new URL('/api/keys', args.data.api), {
    method: 'POST',
    headers: { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: args.data.name }),
  });
  if (!response.ok) throw new Error(`create key: ${response.status} ${await response.text()}`);
  const created = (await response.json()) as { key: string };
  console.error(`Signed in as ${session.user.walletAddress}. Your API key (shown once):`);
  console.log(created.key);
} catch (error) {
  console.error(`Could not create an API key: ${error instanceof Error ? error.message : String(error)}`);
  console.error('Is the API running (npm start)?');
  process.exit(1);
}
