import { type Address, type Hex, parseEther, parseEventLogs, stringToHex, zeroHash } from 'viem';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { tournamentPoolAbi } from '../../src/abi/tournamentPoolAbi.js';
import { devAccount } from '../../src/devAccounts.js';
import { signTournamentResult } from '../../src/signTournamentResult.js';
import { tournamentPoolDomain } from '../../src/tournamentPoolDomain.js';
import { deployFixture, type Fixture } from './deployFixture.js';

const HOUR = 3600n;
export const DAY = 24n * HOUR;
/** TournamentPool.RESULTS_DEADLINE. */
export const RESULTS_DEADLINE = 7n * DAY;
export const ENTRY_FEE = parseEther('10');

/** The fixture's coordinator is Hardhat account #1, which deployTournamentPool approves as game server. */
export const gameServer = devAccount(1);

/** What a test may change about a tournament; the rest is a 1 h tournament starting in a minute. */
export type TournamentOptions = {
  entryFee?: bigint;
  minPlayers?: number;
  maxPlayers?: number;
  prizeBps?: number[];
  disputeWindow?: number;
  /** Seconds from now; default 60. */
  startsIn?: bigint;
  /** Seconds from the start; default 1 h. */
  lasts?: bigint;
};

/** Everything a TournamentPool test needs: the fixture, the pool and one-liners for its calls. */
export type TournamentTestbed = ReturnType<typeof tournamentActions>;

function tournamentActions(f: Fixture) {
  const address = f.deployed.serviceContracts.tournamentPool;
  if (!address) throw new Error('deployContracts did not deploy TournamentPool');
  const pool = { address, abi: tournamentPoolAbi } as const;
  const organiser = f.user(0);
  const players = f.users.slice(1);

  const create = async (options: TournamentOptions = {}, from: Address = organiser) => {
    const now = await f.chain.latestTimestamp();
    const startTime = now + (options.startsIn ?? 60n);
    const endTime = startTime + (options.lasts ?? HOUR);
    const receipt = await f.write(from, {
      ...pool,
      functionName: 'createTournament',
      args: [
        {
          gameServer: gameServer.address,
          entryFee: options.entryFee ?? ENTRY_FEE,
          startTime: Number(startTime),
          endTime: Number(endTime),
          minPlayers: options.minPlayers ?? 2,
          maxPlayers: options.maxPlayers ?? 16,
          disputeWindow: options.disputeWindow ?? Number(DAY),
          modeId: stringToHex('classic', { size: 32 }),
          metadataHash: zeroHash,
          prizeBps: options.prizeBps ?? [5000, 3000, 2000],
        },
      ],
    });
    const [created] = parseEventLogs({
      abi: tournamentPoolAbi,
      eventName: 'TournamentCreated',
      logs: receipt.logs,
    });
    if (!created) throw new Error('no TournamentCreated');
    return { id: created.args.tournamentId, startTime, endTime };
  };
  const enter = async (id: bigint, player: Address) => {
    const { entryFee } = await f.read({ ...pool, functionName: 'getTournament', args: [id] });
    await f.approve(player, pool.address, entryFee);
    return f.write(player, { ...pool, functionName: 'enter', args: [id] });
  };
  const sign = (
    id: bigint,
    ranking: readonly Address[],
    domain = tournamentPoolDomain(31337, pool.address),
  ) => signTournamentResult(gameServer.signTypedData, domain, { tournamentId: id, ranking });
  const submit = async (id: bigint, ranking: readonly Address[], signature?: Hex, from: Address = f.admin) =>
    f.write(from, {
      ...pool,
      functionName: 'submitResults',
      args: [id, ranking, signature ?? (await sign(id, ranking))],
    });
  const claim = (id: bigint, winner: Address) =>
    f.write(winner, { ...pool, functionName: 'claim', args: [id] });
  const refund = (id: bigint, player: Address) =>
    f.write(player, { ...pool, functionName: 'refund', args: [id] });
  const dispute = (id: bigint, from: Address, reason = 'replay disagrees') =>
    f.write(from, { ...pool, functionName: 'dispute', args: [id, reason] });
  const tournament = (id: bigint) => f.read({ ...pool, functionName: 'getTournament', args: [id] });
  /** Moves the chain's clock past `timestamp`. */
  const passTo = async (timestamp: bigint) => {
    const now = await f.chain.latestTimestamp();
    if (timestamp > now) await f.chain.increaseTime(timestamp - now);
  };
  /** A tournament with `entrants` players entered and the clock past its end. */
  const endedWith = async (entrants: number, options: TournamentOptions = {}) => {
    const created = await create({ maxPlayers: Math.max(entrants, 16), ...options });
    const entered = players.slice(0, entrants);
    for (const player of entered) await enter(created.id, player);
    await passTo(created.endTime);
    return { ...created, entered };
  };
  return {
    f,
    pool,
    organiser,
    players,
    create,
    enter,
    sign,
    submit,
    claim,
    refund,
    dispute,
    tournament,
    passTo,
    endedWith,
  };
}

/**
 * Deploys the whole platform once for the calling `describe` (TournamentPool comes with it) and
 * reverts the chain to a snapshot after every test, so each test starts from the same state.
 */
export function useTournamentTestbed(onDeployed: (testbed: TournamentTestbed) => void) {
  let f: Fixture;
  let snapshot: Hex;
  beforeAll(async () => {
    f = await deployFixture();
    onDeployed(tournamentActions(f));
  });
  beforeEach(async () => {
    snapshot = await f.chain.snapshot();
  });
  afterEach(async () => {
    await f.chain.revert(snapshot);
  });
}
