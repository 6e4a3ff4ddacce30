import { parseAbi } from 'viem';

/**
 * The functions the console reads and asks operators' wallets to call, by signature: the console
 * depends on these levers only, not on the whole generated ABIs (a deployment whose contract lacks
 * one shows it as unavailable instead of failing).
 */
export const consoleChainAbi = parseAbi([
  'function paused() view returns (bool)',
  'function pause()',
  'function unpause()',
  'function rewardRate() view returns (uint256)',
  'function rewardReserve() view returns (uint256)',
  'function totalEffective() view returns (uint256)',
  'function totalStaked() view returns (uint256)',
  'function setRewardRate(uint256 newRate)',
  'function fundReserve(uint256 amount)',
  'function approve(address spender, uint256 amount) returns (bool)',
  'function setPrice(int256 answer)',
  'function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
  'function minAnswer() view returns (int256)',
  'function maxAnswer() view returns (int256)',
  'function maxDeviationBps() view returns (uint256)',
  'function schedule(address target, uint256 value, bytes data, bytes32 predecessor, bytes32 salt, uint256 delay)',
  'function execute(address target, uint256 value, bytes payload, bytes32 predecessor, bytes32 salt) payable',
  'function cancel(bytes32 id)',
  'function getMinDelay() view returns (uint256)',
  'function getTimestamp(bytes32 id) view returns (uint256)',
  'function decideAppeal(bytes32 evidenceHash, bool upheld)',
  'struct Slash { address owner; uint40 appealEndsAt; uint8 status; bytes32 nodeKey; uint128 amount; uint128 refundTotal; }',
  'function slashOf(bytes32 evidenceHash) view returns (Slash)',
]);
