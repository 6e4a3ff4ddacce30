import { index, integer, numeric, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { apiKeys } from './apiKeys.js';
import { gpuNodes } from './gpuNodes.js';
import { ledgerTransactions } from './ledger.js';
import { users } from './users.js';
import { wei } from './wei.js';

/** One inference request, with its metering and the revenue split. */
export const inferenceTasks = pgTable(
  'inference_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: varchar('task_id', { length: 100 }).notNull().unique(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    nodeId: uuid('node_id').references(() => gpuNodes.id),
    modelName: varchar('model_name', { length: 100 }).notNull(),
    prompt: text('prompt'),
    maxTokens: integer('max_tokens'),
    temperature: numeric('temperature', { precision: 3, scale: 2, mode: 'number' }),
    status: text('status').$type<InferenceTaskStatus>().notNull().default('pending'),
    tokensGenerated: integer('tokens_generated'),
    promptTokens: integer('prompt_tokens'),
    completionTokens: integer('completion_tokens'),
    costFarWei: wei('cost_far_wei'),
    /** Decimal string: USD is for display and analytics, never for settlement. */
    costUsd: numeric('cost_usd', { precision: 18, scale: 8 }),
    reservationId: uuid('reservation_id').references(() => ledgerTransactions.id),
    nodeShareWei: wei('node_share_wei'),
    stakersShareWei: wei('stakers_share_wei'),
    treasuryShareWei: wei('treasury_share_wei'),
    failureReason: text('failure_reason'),
    apiKeyId: uuid('api_key_id').references(() => apiKeys.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    responseTimeMs: integer('response_time_ms'),
    /** Refreshed while the task runs; a stale one was left behind by a coordinator that died. */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
  },
  (t) => [
    index('idx_tasks_user').on(t.userId),
    index('idx_tasks_status').on(t.status),
    index('idx_tasks_node').on(t.nodeId),
    index('idx_tasks_created_at').on(t.createdAt),
    index('idx_tasks_open_heartbeat').on(t.status, t.heartbeatAt),
  ],
);

export type InferenceTaskStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';
export type InferenceTask = typeof inferenceTasks.$inferSelect;
export type NewInferenceTask = typeof inferenceTasks.$inferInsert;
