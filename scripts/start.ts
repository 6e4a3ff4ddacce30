/**
 * `npm start`: the whole Far Labs network on this machine, on embedded defaults.
 * It starts two far-nodes (proof of serving checks one node against another); `npm start -- --nodes 1`
 * (or `FAR_NODES=1`) starts one (no canary or audit can run then), `--nodes 0` none;
 * `--tokens-per-second 3` (or `FAR_TOKENS_PER_SECOND=3`) slows their streams to watchable speed.
 * Ctrl-C stops every process; starting again keeps the data under .far/.
 */
import { DEV_KEYS, startLocalNetwork } from './localNetwork.js';

const fail = (error: unknown): never => {
  console.error(`\n✗ ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
};

/**
 * A whole-number flag (`--name N`) or, without it, its environment variable.
 * @returns the number, or undefined when neither is given
 */
function readCount(argv: readonly string[], flag: string, envValue: string | undefined, max: number) {
  const at = argv.indexOf(flag);
  const given = at >= 0 ? argv[at + 1] : envValue;
  if (given === undefined) return undefined;
  if (!/^\d+$/.test(given) || Number(given) > max)
    throw new Error(`${flag} must be a whole number from 0 to ${max}, got "${given}"`);
  return Number(given);
}

let options: { nodes: number; nodeTokensPerSecond?: number } = { nodes: 2 };
try {
  const argv = process.argv.slice(2);
  const nodes = readCount(argv, '--nodes', process.env.FAR_NODES, 16) ?? 2;
  const pace = readCount(argv, '--tokens-per-second', process.env.FAR_TOKENS_PER_SECOND, 100_000);
  options = pace ? { nodes, nodeTokensPerSecond: pace } : { nodes };
} catch (error) {
  fail(error);
}
const network = await startLocalNetwork(options).catch(fail);
const nodeLines = network.nodes.map((node) => `${node.nodeId} (pid ${node.pid})`).join(', ') || 'none';

console.log(`
Far Labs is running.

  Web app      ${network.urls.web}
  API          ${network.urls.api}   (OpenAPI: ${network.urls.api}/openapi.json)
  Chain        ${network.urls.chain} (chain id 31337)
  Far-nodes    ${nodeLines}
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
