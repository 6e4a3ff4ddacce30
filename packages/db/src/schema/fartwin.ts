import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { inferenceTasks } from './inferenceTasks.js';
import { users } from './users.js';
import { wei } from './wei.js';

/**
 * PostgreSQL's `tsvector`: the chunk's words, stemmed, for full-text retrieval. Read back as text
 * (nothing in TypeScript reads it; SQL ranks with it).
 */
const tsvector = customType<{ data: string }>({
  dataType() {
    return 'tsvector';
  },
});

/** A FarTwin AI twin: a persona over a base model, with its owner's knowledge and a creator fee. */
export const fartwinTwins = pgTable(
  'fartwin_twins',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerUserId: uuid('owner_user_id')
      .notNull()
      .references(() => users.id),
    /** The model id's tail: `twin:<handle>`. Lower case letters, digits and dashes. */
    handle: varchar('handle', { length: 40 }).notNull().unique(),
    name: varchar('name', { length: 80 }).notNull(),
    /** An https URL or a small `data:image/…;base64,` image the owner uploaded. */
    avatar: text('avatar'),
    persona: text('persona').notNull(),
    greeting: text('greeting').notNull().default(''),
    baseModel: varchar('base_model', { length: 100 }).notNull(),
    visibility: text('visibility').$type<FartwinVisibility>().notNull().default('private'),
    category: varchar('category', { length: 40 }).notNull().default('general'),
    /** What a caller pays the creator per million tokens, on top of the base model's price. */
    creatorFeeWeiPerMillion: wei('creator_fee_wei_per_million').notNull().default(sql`0`),
    /** Chats served, for the gallery's "most used" order. */
    chatCount: integer('chat_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('idx_fartwin_twins_owner').on(t.ownerUserId),
    index('idx_fartwin_twins_gallery').on(t.visibility, t.chatCount),
    check('fartwin_twins_handle_slug', sql`${t.handle} ~ '^[a-z0-9](-?[a-z0-9])*$'`),
    // A private twin has no paying callers but its owner, so it never charges a fee.
    check(
      'fartwin_twins_private_free',
      sql`${t.visibility} <> 'private' OR ${t.creatorFeeWeiPerMillion} = 0`,
    ),
  ],
);

/** A document the owner gave a twin; its text lives in chunks. */
export const fartwinDocuments = pgTable(
  'fartwin_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    twinId: uuid('twin_id')
      .notNull()
      .references(() => fartwinTwins.id, { onDelete: 'cascade' }),
    title: varchar('title', { length: 200 }).notNull(),
    mediaType: varchar('media_type', { length: 100 }).notNull(),
    bytes: integer('bytes').notNull(),
    status: text('status').$type<FartwinDocumentStatus>().notNull().default('indexing'),
    chunkCount: integer('chunk_count').notNull().default(0),
    failureReason: text('failure_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('idx_fartwin_documents_twin').on(t.twinId)],
);

/** One passage of a document, indexed for full-text retrieval. */
export const fartwinChunks = pgTable(
  'fartwin_chunks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => fartwinDocuments.id, { onDelete: 'cascade' }),
    twinId: uuid('twin_id')
      .notNull()
      .references(() => fartwinTwins.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** The heading path the passage sits under ("Install › Linux"), weighted above the body. */
    heading: text('heading').notNull().default(''),
    content: text('content').notNull(),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`setweight(to_tsvector('english'::regconfig, heading), 'A') || setweight(to_tsvector('english'::regconfig, content), 'B')`,
    ),
  },
  (t) => [
    index('idx_fartwin_chunks_twin').on(t.twinId),
    index('idx_fartwin_chunks_document').on(t.documentId),
    index('idx_fartwin_chunks_search').using('gin', t.searchVector),
  ],
);

/** A conversation between one user and one twin. */
export const fartwinConversations = pgTable(
  'fartwin_conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    twinId: uuid('twin_id')
      .notNull()
      .references(() => fartwinTwins.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    title: varchar('title', { length: 200 }).notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('idx_fartwin_conversations_user_twin').on(t.userId, t.twinId)],
);

/** One turn of a conversation, with what it cost and the passages it cited. */
export const fartwinMessages = pgTable(
  'fartwin_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => fartwinConversations.id, { onDelete: 'cascade' }),
    role: text('role').$type<'user' | 'assistant'>().notNull(),
    content: text('content').notNull(),
    citations: jsonb('citations').$type<FartwinCitation[]>().notNull().default([]),
    taskId: uuid('task_id').references(() => inferenceTasks.id),
    costFarWei: wei('cost_far_wei'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('idx_fartwin_messages_conversation').on(t.conversationId, t.createdAt)],
);

/** A fact a twin remembers about a user, injected into their later conversations. */
export const fartwinMemories = pgTable(
  'fartwin_memories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    twinId: uuid('twin_id')
      .notNull()
      .references(() => fartwinTwins.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    content: text('content').notNull(),
    /** `user`: the user saved it; `twin`: the twin proposed it and the user allowed such saves. */
    source: text('source').$type<'user' | 'twin'>().notNull().default('user'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('idx_fartwin_memories_user_twin').on(t.userId, t.twinId)],
);

/** A user's memory choices for one twin (absent: the twin may not save facts on its own). */
export const fartwinMemorySettings = pgTable(
  'fartwin_memory_settings',
  {
    twinId: uuid('twin_id')
      .notNull()
      .references(() => fartwinTwins.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    allowTwinMemories: boolean('allow_twin_memories').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.twinId, t.userId] })],
);

/**
 * The creator fee of one chat task, as the ledger split it. Kept when the twin is deleted (money
 * records outlive what earned them), with the handle it had.
 */
export const fartwinCharges = pgTable(
  'fartwin_charges',
  {
    taskId: uuid('task_id')
      .primaryKey()
      .references(() => inferenceTasks.id),
    twinId: uuid('twin_id').references(() => fartwinTwins.id, { onDelete: 'set null' }),
    handle: varchar('handle', { length: 40 }).notNull(),
    payerUserId: uuid('payer_user_id')
      .notNull()
      .references(() => users.id),
    creatorUserId: uuid('creator_user_id')
      .notNull()
      .references(() => users.id),
    tokens: integer('tokens').notNull(),
    feeWeiPerMillion: wei('fee_wei_per_million').notNull(),
    feeFarWei: wei('fee_far_wei').notNull(),
    creatorShareWei: wei('creator_share_wei').notNull(),
    stakersShareWei: wei('stakers_share_wei').notNull(),
    treasuryShareWei: wei('treasury_share_wei').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('idx_fartwin_charges_twin').on(t.twinId),
    index('idx_fartwin_charges_creator').on(t.creatorUserId),
    index('idx_fartwin_charges_created_at').on(t.createdAt),
  ],
);

export type FartwinVisibility = 'private' | 'unlisted' | 'public';
export type FartwinDocumentStatus = 'indexing' | 'ready' | 'failed';
/** A passage an answer used: which document, where, and its text as quoted. */
export type FartwinCitation = {
  index: number;
  documentId: string;
  title: string;
  chunkId: string;
  heading: string;
  excerpt: string;
};
export type FartwinTwin = typeof fartwinTwins.$inferSelect;
export type FartwinDocument = typeof fartwinDocuments.$inferSelect;
export type FartwinMemory = typeof fartwinMemories.$inferSelect;
