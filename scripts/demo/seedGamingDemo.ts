import { devAccount, readDeployments, tournamentPoolAbi } from '@far/contracts';
import {
  type Address,
  createPublicClient,
  createWalletClient,
  http,
  keccak256,
  parseEther,
  parseEventLogs,
  stringToBytes,
  stringToHex,
} from 'viem';
import type { DemoSeed } from './DemoSeed.js';

/** Dev account #3 organises the demo tournament; #0 (the coordinator) is its game server. */
const organiser = devAccount(3);
const gameServer = devAccount(0).address;
const HOUR = 3_600n;
/** TournamentPool's `Status.Open`. */
const OPEN = 1;
const metadataJson = JSON.stringify({
  name: 'Farcana Sprint Cup',
  game: 'farcana',
  rules: 'best verified sprint run',
});

/** An open demo tournament of the organiser that has not ended yet, if there is one. */
async function findOpenDemoTournament(
  publicClient: ReturnType<typeof createPublicClient>,
  pool: Address,
  now: bigint,
): Promise<bigint | undefined> {
  const count = await publicClient.readContract({
    address: pool,
    abi: tournamentPoolAbi,
    functionName: 'tournamentCount',
  });
  for (let id = count; id >= 1n; id--) {
    const tournament = await publicClient.readContract({
      address: pool,
      abi: tournamentPoolAbi,
      functionName: 'getTournament',
      args: [id],
    });
    if (
      tournament.organiser === organiser.address &&
      tournament.status === OPEN &&
      BigInt(tournament.endTime) > now
    ) {
      return id;
    }
  }
  return undefined;
}

/**
 * Farcana's demo: dev account #3 keeps one open tournament on TournamentPool — the sprint mode, a
 * 10 FAR entry, 24 hours from when it is made, 50/30/20 prizes, one player enough — so a new user
 * can enter with FAR and play at once. A restart finds the open one and makes nothing; once it has
 * ended (or the dev chain's clock was advanced past it), the next start opens a fresh one.
 */
export const gamingDemoSeed: DemoSeed = {
  service: 'gaming',
  async seed(context) {
    const deployments = await readDeployments(context.deploymentsFile);
    const pool = deployments.contracts.tournamentPool;
    if (!pool) throw new Error('TournamentPool is not in the deployments file');
    const publicClient = createPublicClient({ transport: http(context.urls.chain) });
    const now = (await publicClient.getBlock()).timestamp;
    const existing = await findOpenDemoTournament(publicClient, pool, now);
    if (existing !== undefined) {
      context.log(`  demo tournament ${existing} is open`);
      return;
    }
    const wallet = createWalletClient({ account: organiser, transport: http(context.urls.chain) });
    const hash = await wallet.writeContract({
      chain: null,
      address: pool,
      abi: tournamentPoolAbi,
      functionName: 'createTournament',
      args: [
        {
          gameServer,
          entryFee: parseEther('10'),
          startTime: Number(now),
          endTime: Number(now + 24n * HOUR),
          minPlayers: 1,
          maxPlayers: 100,
          disputeWindow: Number(HOUR),
          modeId: stringToHex('sprint', { size: 32 }),
          metadataHash: keccak256(stringToBytes(metadataJson)),
          prizeBps: [5_000, 3_000, 2_000],
        },
      ],
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`createTournament ${hash} reverted`);
    const [created] = parseEventLogs({
      abi: tournamentPoolAbi,
      eventName: 'TournamentCreated',
      logs: receipt.logs,
    });
    context.log(`  opened demo tournament ${created?.args.tournamentId ?? '?'} (sprint, 10 FAR entry, 24 h)`);
  },
};
