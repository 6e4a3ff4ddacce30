/**
 * `npm start`: the whole Far Labs network on this machine, on embedded defaults.
 * Ctrl-C stops every process; starting again keeps the data under .far/.
 */
import { DEV_KEYS, startLocalNetwork } from './localNetwork.js';

const network = await startLocalNetwork().catch((error: unknown) => {
  console.error(`\n✗ ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

console.log(`
Far Labs is running.

  Web app      ${network.urls.web}
  API          ${network.urls.api}   (OpenAPI: ${network.urls.api}/openapi.json)
  Chain        ${network.urls.chain} (chain id 31337)
  Logs         ${network.dataDir}/logs/

Try first:
  1. Open ${network.urls.web}, connect a wallet on the local chain (import the dev key
     ${DEV_KEYS.user} — Hardhat account #2, local test funds only), sign in, deposit FAR.
  2. Or from a terminal:
       KEY=$(npm run -s api-key -- --account 2)
       curl ${network.urls.api}/v1/chat/completions -H "Authorization: Bearer $KEY" \\
         -H 'content-type: application/json' \\
         -d '{"model":"far-demo","stream":true,"messages":[{"role":"user","content":"Tell me about the sea"}]}'

Press Ctrl-C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping …');
    await network.stop();
    process.exit(0);
  });
}
