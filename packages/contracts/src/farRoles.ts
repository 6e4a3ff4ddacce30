import { keccak256, toBytes, zeroHash } from 'viem';

/**
 * The platform's separated powers, as OpenZeppelin AccessControl role ids (the API's database
 * roles use the same names). Admin only grants and revokes; each other role holds one kind of lever.
 */
export const FAR_ROLES = {
  /** Grants and revokes every other role (a multisig on BNB Smart Chain). */
  admin: zeroHash,
  /** Nodes, models and users: suspends nodes, edits the catalogue, decides slashing appeals, pauses. */
  operator: keccak256(toBytes('OPERATOR_ROLE')),
  /** Money: funds the staking reserve, sets the reward rate, withdraws the treasury (through the timelock). */
  treasurer: keccak256(toBytes('TREASURER_ROLE')),
  /** Keeps the FAR/USD price feed. */
  priceKeeper: keccak256(toBytes('PRICE_KEEPER_ROLE')),
  /** The coordinator: registers nodes and settles task batches. */
  oracle: keccak256(toBytes('ORACLE_ROLE')),
} as const;

/** A role's name. */
export type FarRole = keyof typeof FAR_ROLES;

/**
 * Which Hardhat dev account holds each role on the local network (`npm start`). Account #0 stays the
 * deployer and coordinator (oracle), so every local role is a different key.
 */
export const LOCAL_ROLE_ACCOUNTS: Readonly<Record<FarRole, number>> = Object.freeze({
  admin: 10,
  operator: 11,
  treasurer: 12,
  priceKeeper: 13,
  oracle: 0,
});
