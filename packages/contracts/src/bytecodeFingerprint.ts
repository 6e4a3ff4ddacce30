import { concat, keccak256 } from 'viem';
import { farStakingBytecode } from './bytecode/farStakingBytecode.js';
import { farTokenBytecode } from './bytecode/farTokenBytecode.js';
import { inferencePaymentBytecode } from './bytecode/inferencePaymentBytecode.js';
import { nodeBondBytecode } from './bytecode/nodeBondBytecode.js';
import { priceFeedBytecode } from './bytecode/priceFeedBytecode.js';
import { researchEscrowBytecode } from './bytecode/researchEscrowBytecode.js';
import { revenueRelayBytecode } from './bytecode/revenueRelayBytecode.js';
import { timelockBytecode } from './bytecode/timelockBytecode.js';
import { tournamentPoolBytecode } from './bytecode/tournamentPoolBytecode.js';

/**
 * keccak256 of the four contracts' creation bytecode as this package ships it. A deployments file
 * records it, so a local chain that still runs contracts built from older sources (a replayed
 * `npm start` chain) is redeployed instead of being driven through an ABI it does not implement.
 *
 * @example
 * if (deployments.bytecodeFingerprint !== bytecodeFingerprint) redeploy();
 */
export const bytecodeFingerprint = keccak256(
  concat([
    farTokenBytecode,
    farStakingBytecode,
    inferencePaymentBytecode,
    priceFeedBytecode,
    revenueRelayBytecode,
    nodeBondBytecode,
    timelockBytecode,
    researchEscrowBytecode,
    tournamentPoolBytecode,
  ]),
);
