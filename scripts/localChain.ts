import { existsSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * The local network's chain is anvil (`@foundry-rs/anvil` from npm ships the binary), not
 * `hardhat node`: `anvil --state <file>` keeps the chain across restarts by itself, where Hardhat's
 * node keeps state only in memory and needed a recording proxy that replayed every transaction ever
 * sent at each start (a replay that grows with use, and a proxy that serialised every RPC call).
 * Anvil is ready in about 0.3 s against Hardhat's 2 s, answers the same `eth_*`, `evm_*` and
 * `hardhat_*` calls, and uses the same dev mnemonic, chain id 31337 and 10,000 ETH per account.
 * The contract test suite stays on Hardhat's in-process network (`createInProcessChain`): one
 * process per test file with no port or child process, snapshots per test, and revert messages
 * `revertNameOf` reads.
 */

/** Chain id of the local chain, as in the contracts' Hardhat config. */
export const LOCAL_CHAIN_ID = 31337;

/** Hardhat's config gives 20 dev accounts; anvil's default is 10. */
const DEV_ACCOUNT_COUNT = 20;
/** Same block gas limit as the Hardhat config: the settlement benchmark sends 1,000-entry batches. */
const BLOCK_GAS_LIMIT = 60_000_000;
/**
 * Anvil writes its state on a clean exit (SIGINT/SIGTERM); this interval bounds what a crash or a
 * SIGKILL can lose. Each dump rewrites the whole file, so not every block.
 */
const STATE_INTERVAL_SECONDS = 5;

const anvilArch: Partial<Record<NodeJS.Architecture, string>> = { x64: 'amd64', arm64: 'arm64' };

/**
 * The anvil binary itself. `node_modules/.bin/anvil` is a Node wrapper that spawns it; starting
 * the binary directly means a signal (or a SIGKILL) reaches anvil, not a parent it would outlive.
 *
 * @returns the binary from the platform package `@foundry-rs/anvil-<os>-<arch>`.
 */
export function anvilBinary(): string {
  const require = createRequire(import.meta.url);
  const arch = anvilArch[process.arch];
  if (!arch) throw new Error(`anvil has no build for ${process.platform}-${process.arch}`);
  const name = process.platform === 'win32' ? 'anvil.exe' : 'anvil';
  return require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/bin/${name}`);
}

/**
 * Arguments for anvil serving the local chain on `port`, loading and saving `stateFile`.
 *
 * @example
 * spawn(anvilBinary(), anvilArgs({ port: 8545, stateFile: '.far/chain/state.json' }))
 */
export function anvilArgs(options: { port: number; stateFile: string }): string[] {
  return [
    ['--host', '127.0.0.1'],
    ['--port', String(options.port)],
    ['--chain-id', String(LOCAL_CHAIN_ID)],
    ['--accounts', String(DEV_ACCOUNT_COUNT)],
    ['--gas-limit', String(BLOCK_GAS_LIMIT)],
    ['--state', options.stateFile],
    ['--state-interval', String(STATE_INTERVAL_SECONDS)],
  ].flat();
}

/**
 * Anvil refuses to start on a state file it cannot parse (a dump cut short by a SIGKILL). Such a
 * file is set aside as `<file>.unreadable` so the chain starts fresh instead of not at all; the
 * deploy step then deploys the contracts again.
 *
 * @returns whether a file was set aside.
 */
export function setAsideUnreadableChainState(stateFile: string, log: (line: string) => void): boolean {
  if (!existsSync(stateFile)) return false;
  try {
    JSON.parse(readFileSync(stateFile, 'utf8'));
    return false;
  } catch {
    renameSync(stateFile, `${stateFile}.unreadable`);
    log(`  the saved chain state was unreadable (kept as ${stateFile}.unreadable); starting a fresh chain`);
    return true;
  }
}

/** Where the chain keeps its state under the local network's data folder. */
export const chainStateFile = (dataDir: string) => join(dataDir, 'chain', 'state.json');

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/**
 * Anvil stamps new blocks with the wall clock and does not save a time offset with its state: a
 * chain moved into the future (`evm_increaseTime`) and restarted would get a block older than its
 * parent. Then the next block is stamped one second after the latest, and anvil keeps that offset.
 */
export async function keepChainClockMonotonic(url: string) {
  const latest = (await rpc(url, 'eth_getBlockByNumber', ['latest', false])) as { timestamp: string };
  const latestTimestamp = Number(BigInt(latest.timestamp));
  if (latestTimestamp < Math.floor(Date.now() / 1000)) return;
  await rpc(url, 'evm_setNextBlockTimestamp', [latestTimestamp + 1]);
  await rpc(url, 'evm_mine');
}
