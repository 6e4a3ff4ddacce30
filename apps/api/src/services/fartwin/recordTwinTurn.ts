import {
  type Db,
  type FartwinCitation,
  type FartwinTwin,
  fartwinConversations,
  fartwinMemories,
  fartwinMessages,
  fartwinTwins,
} from '@far/db';
import { toStorableText } from '@far/protocol';
import { eq, sql } from 'drizzle-orm';
import type { InferenceOutcome } from '../inference/finishInferenceTask.js';

/** A reply line in which the twin proposes a fact to remember. */
const PROPOSAL = /^\s*REMEMBER:\s*(.{1,500})$/gm;

/**
 * Keeps a billed turn: the user's message and the twin's answer (with its citations, task and what
 * the caller paid) in the conversation, one more chat on the twin's count, and the facts the twin
 * proposed, only when the user allowed the twin to save them. Nothing is kept for a turn that
 * delivered nothing.
 *
 * @param db - the database.
 * @param turn - who, where, what was said and answered, and the bill.
 */
export async function recordTwinTurn(
  db: Db,
  turn: {
    twin: FartwinTwin;
    userId: string;
    conversationId: string;
    question: string;
    answer: string;
    citations: FartwinCitation[];
    outcome: InferenceOutcome;
    allowTwinMemories: boolean;
  },
): Promise<void> {
  const { outcome } = turn;
  if (outcome.completionTokens === 0) return;
  const proposals = turn.allowTwinMemories
    ? [...turn.answer.matchAll(PROPOSAL)].map((m) => (m[1] as string).trim()).slice(0, 5)
    : [];
  const paid = outcome.costFarWei + (outcome.surcharge?.amount ?? 0n);
  await db.transaction(async (tx) => {
    await tx.insert(fartwinMessages).values([
      { conversationId: turn.conversationId, role: 'user', content: toStorableText(turn.question) },
      {
        conversationId: turn.conversationId,
        role: 'assistant',
        content: toStorableText(turn.answer),
        citations: turn.citations,
        taskId: outcome.taskId,
        costFarWei: paid,
        // One statement, one timestamp: the answer is ordered after the question.
        createdAt: sql`now() + interval '1 millisecond'`,
      },
    ]);
    await tx
      .update(fartwinConversations)
      .set({
        updatedAt: sql`now()`,
        title: sql`case when ${fartwinConversations.title} = '' then ${turn.question.slice(0, 80)} else ${fartwinConversations.title} end`,
      })
      .where(eq(fartwinConversations.id, turn.conversationId));
    await tx
      .update(fartwinTwins)
      .set({ chatCount: sql`${fartwinTwins.chatCount} + 1` })
      .where(eq(fartwinTwins.id, turn.twin.id));
    if (proposals.length > 0) {
      await tx.insert(fartwinMemories).values(
        proposals.map((content) => ({
          twinId: turn.twin.id,
          userId: turn.userId,
          content,
          source: 'twin' as const,
        })),
      );
    }
  });
}
