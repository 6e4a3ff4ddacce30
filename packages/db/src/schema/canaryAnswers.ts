import { integer, jsonb, pgTable, text, timestamp, unique, uuid, varchar } from 'drizzle-orm/pg-core';

/**
 * The known greedy answer of a canary prompt: established when two different nodes answered it
 * identically (see apps/api/src/audits/README.md), then used to check every other node.
 */
export const canaryAnswers = pgTable(
  'canary_answers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    model: varchar('model', { length: 200 }).notNull(),
    prompt: text('prompt').notNull(),
    maxTokens: integer('max_tokens').notNull(),
    /** The agreed answer, one string per token frame. */
    tokens: jsonb('tokens').$type<string[]>().notNull(),
    /** The node ids whose identical answers established it. */
    agreedBy: jsonb('agreed_by').$type<string[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('uq_canary_answers_prompt').on(t.model, t.prompt, t.maxTokens)],
);

export type CanaryAnswer = typeof canaryAnswers.$inferSelect;
