import { type Deployments, farStakingAbi, inferencePaymentAbi } from '@far/contracts';
import { getAbiItem, getAddress, type Hex, type PublicClient } from 'viem';
import { z } from 'zod';

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/)
  .transform((value) => getAddress(value));
const hash = z.string().regex(/^0x[0-9a-fA-F]{64}$/) as unknown as z.ZodType<Hex>;
const uint = z.bigint().nonnegative();

/** Where a log sits on chain: enough to key idempotent postings and to order events. */
const logPositionSchema = z.object({
  blockNumber: uint,
  blockHash: hash,
  transactionHash: hash,
  logIndex: z.number().int().nonnegative(),
});

/** The events the indexer applies, parsed once at the chain boundary. */
export const chainEventSchema = z.discriminatedUnion('eventName', [
  logPositionSchema.extend({
    eventName: z.literal('Deposited'),
    args: z.object({ user: address, amount: uint, balance: uint }),
  }),
  logPositionSchema.extend({
    eventName: z.literal('Withdrawn'),
    args: z.object({ user: address, amount: uint, balance: uint }),
  }),
  logPositionSchema.extend({
    eventName: z.literal('EarningsWithdrawn'),
    args: z.object({ node: address, amount: uint }),
  }),
  logPositionSchema.extend({
    eventName: z.literal('CreatorEarningsWithdrawn'),
    args: z.object({ creator: address, amount: uint }),
  }),
  logPositionSchema.extend({
    eventName: z.literal('TreasuryWithdrawn'),
    args: z.object({ treasury: address, amount: uint }),
  }),
  logPositionSchema.extend({
    eventName: z.literal('BatchSettled'),
    args: z.object({
      batchId: uint,
      totalDebited: uint,
      nodesCredited: uint,
      stakersShare: uint,
      treasuryShare: uint,
    }),
  }),
  logPositionSchema.extend({
    eventName: z.literal('Staked'),
    args: z.object({
      user: address,
      positionId: uint,
      amount: uint,
      lockTier: z.number().int().min(0).max(255),
      unlockAt: uint,
      effective: uint,
    }),
  }),
  logPositionSchema.extend({
    eventName: z.literal('Unstaked'),
    args: z.object({ user: address, positionId: uint, amount: uint, remaining: uint }),
  }),
  logPositionSchema.extend({
    eventName: z.literal('RewardsClaimed'),
    args: z.object({ user: address, amount: uint }),
  }),
]);

export type ChainEvent = z.infer<typeof chainEventSchema>;

const paymentEvents = [
  getAbiItem({ abi: inferencePaymentAbi, name: 'Deposited' }),
  getAbiItem({ abi: inferencePaymentAbi, name: 'Withdrawn' }),
  getAbiItem({ abi: inferencePaymentAbi, name: 'EarningsWithdrawn' }),
  getAbiItem({ abi: inferencePaymentAbi, name: 'CreatorEarningsWithdrawn' }),
  getAbiItem({ abi: inferencePaymentAbi, name: 'BatchSettled' }),
  getAbiItem({ abi: inferencePaymentAbi, name: 'TreasuryWithdrawn' }),
] as const;
const stakingEvents = [
  getAbiItem({ abi: farStakingAbi, name: 'Staked' }),
  getAbiItem({ abi: farStakingAbi, name: 'Unstaked' }),
  getAbiItem({ abi: farStakingAbi, name: 'RewardsClaimed' }),
] as const;

/**
 * Reads and parses the indexed events of InferencePayment and FARStaking in one block range,
 * in chain order (block, then log index). Logs from any other address are ignored.
 *
 * @param publicClient - a viem client on the deployment's chain.
 * @param deployments - the contract addresses.
 * @param fromBlock - first block, inclusive.
 * @param toBlock - last block, inclusive (keep the range within the RPC's getLogs limit).
 * @returns the parsed events.
 * @example
 * const events = await readChainEvents(publicClient, deployments, 100n, 199n);
 */
export async function readChainEvents(
  publicClient: PublicClient,
  deployments: Pick<Deployments, 'contracts'>,
  fromBlock: bigint,
  toBlock: bigint,
): Promise<ChainEvent[]> {
  const payment = deployments.contracts.inferencePayment;
  const staking = deployments.contracts.farStaking;
  const [paymentLogs, stakingLogs] = await Promise.all([
    publicClient.getLogs({ address: payment, events: paymentEvents, fromBlock, toBlock, strict: true }),
    publicClient.getLogs({ address: staking, events: stakingEvents, fromBlock, toBlock, strict: true }),
  ]);
  const tagged = [
    ...paymentLogs.map((log) => ({ log, from: payment })),
    ...stakingLogs.map((log) => ({ log, from: staking })),
  ];
  const events: ChainEvent[] = [];
  for (const { log, from } of tagged) {
    // A node that ignores the address filter must not let another contract mint deposits.
    if (getAddress(log.address) !== getAddress(from)) continue;
    events.push(
      chainEventSchema.parse({
        eventName: log.eventName,
        args: log.args,
        blockNumber: log.blockNumber,
        blockHash: log.blockHash,
        transactionHash: log.transactionHash,
        logIndex: log.logIndex,
      }),
    );
  }
  return events.sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
  );
}
