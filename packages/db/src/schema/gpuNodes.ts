import { sql } from 'drizzle-orm';
import { index, integer, jsonb, numeric, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { users } from './users.js';
import { wei } from './wei.js';

/** GPU provider nodes, plus what the scheduler needs: models, engine, slots. */
export const gpuNodes = pgTable(
  'gpu_nodes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    nodeId: varchar('node_id', { length: 100 }).notNull().unique(),
    ownerAddress: varchar('owner_address', { length: 42 })
      .notNull()
      .references(() => users.walletAddress),
    gpuModel: varchar('gpu_model', { length: 100 }),
    vramGb: integer('vram_gb'),
    cudaCores: integer('cuda_cores'),
    bandwidthMbps: numeric('bandwidth_mbps', { precision: 10, scale: 2, mode: 'number' }),
    locationCountry: varchar('location_country', { length: 2 }),
    locationRegion: varchar('location_region', { length: 100 }),
    status: text('status').$type<GpuNodeStatus>().notNull().default('offline'),
    reliabilityScore: numeric('reliability_score', { precision: 5, scale: 2, mode: 'number' })
      .notNull()
      .default(80),
    tasksCompleted: integer('tasks_completed').notNull().default(0),
    totalEarnedWei: wei('total_earned_wei').notNull().default(sql`0`),
    uptimePercentage: numeric('uptime_percentage', { precision: 5, scale: 2, mode: 'number' })
      .notNull()
      .default(0),
    /** Model ids this node serves, as advertised on join. */
    models: jsonb('models').$type<string[]>().notNull().default([]),
    engine: text('engine'),
    maxConcurrency: integer('max_concurrency').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeen: timestamp('last_seen', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('idx_gpu_nodes_status').on(t.status), index('idx_gpu_nodes_owner').on(t.ownerAddress)],
);

export type GpuNodeStatus = 'online' | 'offline' | 'busy' | 'suspended';
export type GpuNode = typeof gpuNodes.$inferSelect;
export type NewGpuNode = typeof gpuNodes.$inferInsert;
