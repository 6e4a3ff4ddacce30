import { type GameMode, gameModes } from '@far/farcana-game';
import { type Address, type Hex, isAddress, keccak256, parseEther, stringToBytes, stringToHex } from 'viem';

/** What the organiser types, as strings straight from the form. */
export type TournamentFormInput = {
  mode: string;
  entryFeeFar: string;
  startsAt: string;
  endsAt: string;
  minPlayers: string;
  maxPlayers: string;
  prizePercents: string;
  disputeHours: string;
  gameServer: string;
};

/** TournamentPool's `TournamentParams`, ready for `createTournament`. */
type TournamentParams = {
  gameServer: Address;
  entryFee: bigint;
  startTime: number;
  endTime: number;
  minPlayers: number;
  maxPlayers: number;
  disputeWindow: number;
  modeId: Hex;
  metadataHash: Hex;
  prizeBps: number[];
};

// The pool's own bounds (TournamentPoolBase.sol), checked here so the form says why before a revert.
const MAX_PRIZE_RANKS = 32;
const MIN_DISPUTE_HOURS = 1;
const MAX_DISPUTE_HOURS = 7 * 24;

function wholeNumber(text: string): number | null {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

/**
 * Prize percentages by rank ("50/30/20", "50, 30, 20", decimals to 0.01 %) into basis points that
 * must sum to exactly 10 000, each place above zero.
 */
export function parsePrizeTable(text: string): number[] | string {
  const parts = text.split(/[\s,/]+/).filter((part) => part.length > 0);
  if (parts.length === 0 || parts.length > MAX_PRIZE_RANKS) {
    return `Give 1 to ${MAX_PRIZE_RANKS} prize places.`;
  }
  const bps: number[] = [];
  for (const part of parts) {
    if (!/^\d+(\.\d{1,2})?$/.test(part)) return `"${part}" is not a percentage (up to two decimals).`;
    const [whole = '0', fraction = ''] = part.split('.');
    const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
    if (value === 0) return 'Every prize place needs more than 0 %.';
    bps.push(value);
  }
  const total = bps.reduce((sum, value) => sum + value, 0);
  return total === 10_000 ? bps : `The prize table sums to ${total / 100} %, not 100 %.`;
}

function parseSchedule(input: TournamentFormInput, nowSeconds: number): [number, number] | string {
  const start = Math.floor(new Date(input.startsAt).getTime() / 1000);
  const end = Math.floor(new Date(input.endsAt).getTime() / 1000);
  if (!Number.isFinite(start) || !Number.isFinite(end)) return 'Set a start and an end.';
  if (end <= start) return 'The end must come after the start.';
  if (end <= nowSeconds) return 'The end must be in the future.';
  return [start, end];
}

function parsePlayers(input: TournamentFormInput): [number, number] | string {
  const min = wholeNumber(input.minPlayers);
  const max = wholeNumber(input.maxPlayers);
  if (min === null || max === null || min < 1) return 'Players: whole numbers, at least 1.';
  if (max < min) return 'Maximum players must be at least the minimum.';
  return [min, max];
}

/**
 * Checks the organiser's form against the pool's rules and builds the contract's parameters; the
 * metadata hash commits to the terms as shown (mode, prizes) so they can be checked later.
 *
 * @param input - the form's fields.
 * @param nowSeconds - the current time in unix seconds.
 * @returns the parameters, or a message saying what to fix.
 */
export function parseTournamentForm(
  input: TournamentFormInput,
  nowSeconds: number,
): TournamentParams | string {
  if (!gameModes.includes(input.mode as GameMode)) return 'Pick a game mode.';
  if (!isAddress(input.gameServer.trim())) return 'The game server must be a 0x address.';
  let entryFee: bigint;
  try {
    entryFee = parseEther(input.entryFeeFar.trim());
  } catch {
    return 'The entry fee must be a FAR amount.';
  }
  if (entryFee <= 0n) return 'The entry fee must be above 0 FAR.';
  const schedule = parseSchedule(input, nowSeconds);
  if (typeof schedule === 'string') return schedule;
  const players = parsePlayers(input);
  if (typeof players === 'string') return players;
  const disputeHours = wholeNumber(input.disputeHours);
  if (disputeHours === null || disputeHours < MIN_DISPUTE_HOURS || disputeHours > MAX_DISPUTE_HOURS) {
    return `The dispute window is ${MIN_DISPUTE_HOURS} to ${MAX_DISPUTE_HOURS} hours.`;
  }
  const prizeBps = parsePrizeTable(input.prizePercents);
  if (typeof prizeBps === 'string') return prizeBps;
  const metadata = JSON.stringify({ game: 'farcana', mode: input.mode, prizeBps });
  return {
    gameServer: input.gameServer.trim() as Address,
    entryFee,
    startTime: schedule[0],
    endTime: schedule[1],
    minPlayers: players[0],
    maxPlayers: players[1],
    disputeWindow: disputeHours * 3600,
    modeId: stringToHex(input.mode, { size: 32 }),
    metadataHash: keccak256(stringToBytes(metadata)),
    prizeBps,
  };
}
