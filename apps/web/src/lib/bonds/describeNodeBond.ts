/** A node's bond as NodeBond's `bondOf` returns it. */
export type NodeBondOnChain = {
  amount: bigint;
  unbonding: bigint;
  pendingSlash: bigint;
  unbondableAt: number;
  vramClass: number;
};

/** What the bond card shows for one node, and which actions it offers. */
export type NodeBondView = {
  /** `unbonded`: nothing bonded; `short`: below the minimum its VRAM class needs (the node is refused); `bonded`. */
  state: 'unbonded' | 'short' | 'bonded';
  activeWei: bigint;
  requiredWei: bigint;
  /** How much more to bond to serve (0 when bonded). */
  shortfallWei: bigint;
  unbondingWei: bigint;
  pendingSlashWei: bigint;
  /** When what is unbonding may be withdrawn (null when nothing is). */
  unbondableAt: Date | null;
  /** Withdrawable now: the period has passed and what stays covers the pending slashes. */
  canWithdraw: boolean;
};

/**
 * Reads a node's on-chain bond against the minimum of the VRAM class it needs: whether the
 * coordinator will admit it, how much is missing, and whether its unbonding can be withdrawn now
 * (the same rules as NodeBond.withdrawUnbonded and the API's join check).
 *
 * @param bond - the bond as on chain.
 * @param requiredWei - the minimum for the node's VRAM class.
 * @param needsClass - the VRAM class the node's VRAM falls in (a bond claiming less is refused).
 * @param now - the current time.
 * @returns the view.
 * @example
 * describeNodeBond(bond, 500n * 10n ** 18n, 2, new Date()).state // 'bonded'
 */
export function describeNodeBond(
  bond: NodeBondOnChain,
  requiredWei: bigint,
  needsClass: number,
  now: Date,
): NodeBondView {
  const activeWei = bond.amount - bond.unbonding;
  const covered = bond.vramClass >= needsClass && activeWei >= requiredWei;
  const unbondableAt = bond.unbonding > 0n ? new Date(bond.unbondableAt * 1000) : null;
  return {
    state: bond.amount === 0n ? 'unbonded' : covered ? 'bonded' : 'short',
    activeWei,
    requiredWei,
    shortfallWei: activeWei >= requiredWei ? 0n : requiredWei - activeWei,
    unbondingWei: bond.unbonding,
    pendingSlashWei: bond.pendingSlash,
    unbondableAt,
    canWithdraw:
      unbondableAt !== null && now >= unbondableAt && bond.amount - bond.unbonding >= bond.pendingSlash,
  };
}

/** NodeBond's SlashStatus, in order. */
const SLASH_STATUSES = ['none', 'proposed', 'contested', 'executed', 'dismissed'] as const;
export type SlashStatus = (typeof SLASH_STATUSES)[number];

/** A slash as the card shows it: its status on chain and what its owner may do now. */
export type SlashView = {
  status: SlashStatus;
  appealEndsAt: Date;
  /** The owner may contest it (proposed, window open). */
  canAppeal: boolean;
  /** Anyone may execute it (proposed, window closed). */
  canExecute: boolean;
};

/**
 * Reads a slash from NodeBond's `slashOf`: its status and whether it can be appealed or executed.
 *
 * @param slash - `status` (the enum's index) and `appealEndsAt` (seconds) as on chain.
 * @param now - the current time.
 * @returns the view.
 */
export function describeSlash(slash: { status: number; appealEndsAt: number }, now: Date): SlashView {
  const status = SLASH_STATUSES[slash.status] ?? 'none';
  const appealEndsAt = new Date(slash.appealEndsAt * 1000);
  return {
    status,
    appealEndsAt,
    canAppeal: status === 'proposed' && now < appealEndsAt,
    canExecute: status === 'proposed' && now >= appealEndsAt,
  };
}
