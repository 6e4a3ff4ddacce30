import { type Address, type Hex, keccak256, parseEther, toBytes } from 'viem';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { nodeBondAbi } from '../../src/abi/nodeBondAbi.js';
import { nodeBondDefaults } from '../../src/deployNodeBond.js';
import { nodeBondKey } from '../../src/nodeBondKey.js';
import { deployFixture, type Fixture } from './deployFixture.js';

export const UNBONDING_PERIOD = BigInt(nodeBondDefaults.unbondingPeriod);
export const APPEAL_WINDOW = BigInt(nodeBondDefaults.appealWindow);
/** NodeBond.DECISION_PERIOD. */
export const DECISION_PERIOD = 14n * 24n * 3600n;
/** The default minimum for VRAM class 0. */
export const CLASS0_MINIMUM = parseEther('100');
export const NODE = nodeBondKey('node-a');

/** A distinct evidence hash per label, as the coordinator's audits produce them. */
export const evidence = (label: string): Hex => keccak256(toBytes(`evidence:${label}`));

/** Everything a NodeBond test needs: the fixture, the contract and one-liners for its calls. */
export type NodeBondTestbed = ReturnType<typeof nodeBondActions>;

function nodeBondActions(f: Fixture) {
  const address = f.deployed.serviceContracts.nodeBond;
  if (!address) throw new Error('deployContracts did not deploy NodeBond');
  const nodeBond = { address, abi: nodeBondAbi } as const;
  const owner = f.user(0);
  const harmedUsers = [f.user(1), f.user(2)] as const;
  const stranger = f.user(3);
  const operator = f.admin;
  const oracle = f.coordinator;

  const bond = async (amount: bigint, from: Address = owner, vramClass = 0, nodeKey: Hex = NODE) => {
    await f.approve(from, address, amount);
    return f.write(from, { ...nodeBond, functionName: 'bond', args: [nodeKey, vramClass, amount] });
  };
  const requestUnbond = (amount: bigint, from: Address = owner) =>
    f.write(from, { ...nodeBond, functionName: 'requestUnbond', args: [NODE, amount] });
  const withdraw = (from: Address = owner) =>
    f.write(from, { ...nodeBond, functionName: 'withdrawUnbonded', args: [NODE] });
  const propose = (
    evidenceHash: Hex,
    amount: bigint,
    refunds: readonly (readonly [Address, bigint])[] = [],
    from: Address = oracle,
    bondOwner: Address = owner,
  ) =>
    f.write(from, {
      ...nodeBond,
      functionName: 'proposeSlash',
      args: [
        bondOwner,
        NODE,
        evidenceHash,
        amount,
        refunds.map(([user]) => user),
        refunds.map(([, value]) => value),
      ],
    });
  const contest = (evidenceHash: Hex, from: Address = owner) =>
    f.write(from, {
      ...nodeBond,
      functionName: 'contestSlash',
      args: [evidenceHash, 'the reference node was wrong'],
    });
  const decide = (evidenceHash: Hex, upheld: boolean, from: Address = operator) =>
    f.write(from, { ...nodeBond, functionName: 'decideAppeal', args: [evidenceHash, upheld] });
  const execute = (evidenceHash: Hex, from: Address = stranger) =>
    f.write(from, { ...nodeBond, functionName: 'executeSlash', args: [evidenceHash] });
  const bondOf = (bondOwner: Address = owner) =>
    f.read({ ...nodeBond, functionName: 'bondOf', args: [bondOwner, NODE] });
  const slashOf = (evidenceHash: Hex) =>
    f.read({ ...nodeBond, functionName: 'slashOf', args: [evidenceHash] });
  const pass = (seconds: bigint) => f.chain.increaseTime(seconds);
  /** The money invariant: the contract holds every bond and every owed refund. */
  const heldMatchesOwed = async (owners: readonly Address[] = [owner]) => {
    let bonded = 0n;
    for (const account of owners) bonded += (await bondOf(account)).amount;
    const owed = await f.read({ ...nodeBond, functionName: 'totalRefundsOwed' });
    return (await f.balanceOf(address)) === bonded + owed;
  };
  return {
    f,
    nodeBond,
    owner,
    harmedUsers,
    stranger,
    operator,
    oracle,
    bond,
    requestUnbond,
    withdraw,
    propose,
    contest,
    decide,
    execute,
    bondOf,
    slashOf,
    pass,
    heldMatchesOwed,
  };
}

/**
 * Deploys the whole platform once for the calling `describe` (NodeBond comes with it: fixture account
 * #0 is admin and operator, #1 the coordinator with ORACLE_ROLE, #2 the treasury) and reverts the chain to
 * a snapshot after every test.
 */
export function useNodeBondTestbed(onDeployed: (testbed: NodeBondTestbed) => void) {
  let f: Fixture;
  let snapshot: Hex;
  beforeAll(async () => {
    f = await deployFixture();
    onDeployed(nodeBondActions(f));
  });
  beforeEach(async () => {
    snapshot = await f.chain.snapshot();
  });
  afterEach(async () => {
    await f.chain.revert(snapshot);
  });
}
