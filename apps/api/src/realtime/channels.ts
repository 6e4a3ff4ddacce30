import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '@far/protocol';
import { z } from 'zod';
import {
  type FartwinIndexing,
  type FartwinIndexingInput,
  FartwinIndexingSchema,
} from '../services/fartwin/FartwinIndexingSchema.js';
import {
  type GamedChainNotice,
  type GamedChainNoticeInput,
  GamedChainNoticeSchema,
} from '../services/gamed/chain/GamedChainNotice.js';
import { NODE_EVENTS_CHANNEL } from './nodeBusChannels.js';

/**
 * Bus channels the realtime gateway relays to browsers, and the payload each carries.
 * Services publish with `publishRealtime`, which validates against these schemas first, so a
 * malformed message fails at its publisher instead of silently at every subscriber.
 *
 * Wire form: the bus JSON-encodes, so bigint wei travels as a decimal string and dates as ISO
 * strings. The schemas accept both the in-memory form (bigint, Date) and the wire form, and always
 * yield bigint and Date: inside the gateway money is bigint, never a number.
 */
export const realtimeChannels = {
  inferenceUpdates: 'inference:updates',
  nodeMetrics: 'node:metrics',
  revenueUpdates: 'revenue:updates',
  fartwinIndexing: 'fartwin:indexing',
  gamedChain: 'gamed:chain',
} as const;

export type RealtimeChannel = (typeof realtimeChannels)[keyof typeof realtimeChannels];

/** A FAR amount in wei: bigint, or its decimal string as it arrives through JSON. */
export const WeiSchema = z.union([
  z.bigint().nonnegative(),
  z
    .string()
    .regex(/^\d{1,78}$/, 'wei must be a non-negative integer in decimal')
    .transform((value) => BigInt(value)),
]);

/** An EVM address in any case; rooms and ownership checks use the lowercase form. */
const AddressSchema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x-prefixed 20-byte address')
  .transform((value) => value.toLowerCase() as `0x${string}`);

/**
 * Task and node ids are `varchar(100)` in the database, looked up as clients send them: text
 * Postgres cannot store would fail the lookup itself, so it is refused here.
 */
export const TaskIdSchema = z.string().min(1).max(100).refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);
export const NodeIdSchema = z.string().min(1).max(100).refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);

const TimestampSchema = z.union([z.date(), z.iso.datetime({ offset: true }).transform((v) => new Date(v))]);

/** Why a stream ended: the node's reasons, plus `error` when the coordinator gave up on the task. */
const InferenceFinishReasonSchema = z.enum(['stop', 'length', 'cancelled', 'error']);

/** `inference:updates`: one chunk of a task's output, relayed to `task:{taskId}` and `/ws/inference/{taskId}`. */
export const InferenceUpdateSchema = z.object({
  taskId: TaskIdSchema,
  /** The task's owner; the gateway already checked ownership on subscribe, this is for auditing. */
  userId: z.uuid(),
  /** Position of this chunk in the stream, from 0 without gaps, so clients can detect loss. */
  seq: z.int().min(0),
  text: z.string().max(64 * 1024),
  done: z.boolean().optional(),
  finishReason: InferenceFinishReasonSchema.optional(),
  usage: z
    .object({
      promptTokens: z.int().min(0),
      completionTokens: z.int().min(0),
      costFarWei: WeiSchema.optional(),
    })
    .optional(),
});
export type InferenceUpdate = z.output<typeof InferenceUpdateSchema>;
export type InferenceUpdateInput = z.input<typeof InferenceUpdateSchema>;

/** `node:metrics`: a node's live numbers, relayed to `node:{nodeId}` (its owner only). */
export const NodeMetricsSchema = z.object({
  nodeId: NodeIdSchema,
  ownerAddress: AddressSchema,
  status: z.enum(['online', 'offline', 'busy', 'suspended']),
  /** Tasks running now. */
  load: z.int().min(0),
  tokensPerSecond: z.number().min(0),
  tasksCompleted: z.int().min(0),
  earningsWei: WeiSchema,
  at: TimestampSchema,
});
export type NodeMetrics = z.output<typeof NodeMetricsSchema>;
export type NodeMetricsInput = z.input<typeof NodeMetricsSchema>;

/** `revenue:updates`: one credit to a wallet, relayed to `revenue:{walletAddress}`. */
export const RevenueUpdateSchema = z.object({
  walletAddress: AddressSchema,
  /** `inference_node`, `inference_stakers`, `staking_rewards`, … (open set, like `revenue_streams`). */
  streamType: z.string().min(1).max(64),
  amountFarWei: WeiSchema,
  taskId: TaskIdSchema.optional(),
  at: TimestampSchema,
});
export type RevenueUpdate = z.output<typeof RevenueUpdateSchema>;
export type RevenueUpdateInput = z.input<typeof RevenueUpdateSchema>;

/**
 * The node gateway's lifecycle events (`nodes:events`, published by `createNodeGateway`), relayed to
 * `node:{nodeId}` as `node:status` so an owner's dashboard flips online/offline at once.
 */
export const nodeLifecycleChannel = NODE_EVENTS_CHANNEL;
export const NodeLifecycleEventSchema = z.object({
  type: z.enum(['node.online', 'node.offline', 'node.draining']),
  nodeId: NodeIdSchema,
  owner: AddressSchema,
  at: TimestampSchema,
});

export type { FartwinIndexing };

/** The schema for each channel, for code that handles channels generically. */
export const realtimeChannelSchemas = {
  [realtimeChannels.inferenceUpdates]: InferenceUpdateSchema,
  [realtimeChannels.nodeMetrics]: NodeMetricsSchema,
  [realtimeChannels.revenueUpdates]: RevenueUpdateSchema,
  [realtimeChannels.fartwinIndexing]: FartwinIndexingSchema,
  [realtimeChannels.gamedChain]: GamedChainNoticeSchema,
} as const;

/** What each channel's messages look like once parsed. */
export type RealtimeChannelMessage = {
  'inference:updates': InferenceUpdate;
  'node:metrics': NodeMetrics;
  'revenue:updates': RevenueUpdate;
  'fartwin:indexing': FartwinIndexing;
  'gamed:chain': GamedChainNotice;
};

/** What a publisher may pass for each channel (bigint or decimal strings, Date or ISO strings). */
export type RealtimeChannelInput = {
  'inference:updates': InferenceUpdateInput;
  'node:metrics': NodeMetricsInput;
  'revenue:updates': RevenueUpdateInput;
  'fartwin:indexing': FartwinIndexingInput;
  'gamed:chain': GamedChainNoticeInput;
};
