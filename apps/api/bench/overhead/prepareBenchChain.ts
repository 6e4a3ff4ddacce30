import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDeployments } from '@far/contracts';
import { parseEther, toHex } from 'viem';
import { type ChainTestbed, createChainTestbed } from '../../test/support/createChainTestbed.js';
import { type ChainRpcServer, serveChainRpc } from '../../test/support/serveChainRpc.js';

/** How much FAR each benchmark user deposits: far more than any run spends. */
export const BENCH_DEPOSIT = parseEther('100000');

/** The chain every API the benchmark starts reads: deployed, with its users funded. */
export type BenchChain = {
  bed: ChainTestbed;
  rpc: ChainRpcServer;
  /** A folder of this run's own; `deployments.json` lies in it. */
  dir: string;
  deploymentsFile: string;
  /** The far-node owner (the second dev user) and its private key. */
  owner: `0x${string}`;
  ownerKey: `0x${string}`;
  /** The users that send requests: every other dev user, each with {@link BENCH_DEPOSIT} deposited and authorized. */
  users: `0x${string}`[];
  privateKeyOf(address: `0x${string}`): `0x${string}`;
  close(): Promise<void>;
};

/**
 * Deploys the contracts on an in-process Hardhat chain, serves it over HTTP for the API processes
 * (CHAIN_RPC_URL), and has every user deposit and authorize its spending once, so that each API
 * started later (one per database) indexes the same funded accounts.
 *
 * @returns the chain, its RPC server, the deployments file and the users.
 * @example
 * const chain = await prepareBenchChain();
 */
export async function prepareBenchChain(): Promise<BenchChain> {
  const bed = await createChainTestbed();
  const rpc = await serveChainRpc(bed.chain.provider);
  const dir = mkdtempSync(join(tmpdir(), 'far-bench-'));
  const deploymentsFile = join(dir, 'deployments.json');
  await writeDeployments(deploymentsFile, bed.deployments);
  const privateKeyOf = (address: `0x${string}`) =>
    toHex(bed.signerOf(address).getHdKey().privateKey as Uint8Array);
  const [first, owner, ...rest] = bed.users as [`0x${string}`, `0x${string}`, ...`0x${string}`[]];
  const users = [first, ...rest];
  const expiry = BigInt(Math.floor(Date.now() / 1000) + 365 * 86_400);
  for (const user of users) {
    await bed.deposit(user, BENCH_DEPOSIT);
    await bed.authorize(user, BENCH_DEPOSIT * 10n, expiry, 1n);
  }
  return {
    bed,
    rpc,
    dir,
    deploymentsFile,
    owner,
    ownerKey: privateKeyOf(owner),
    users,
    privateKeyOf,
    close: () => rpc.close(),
  };
}
