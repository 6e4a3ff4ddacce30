import {
  type Db,
  type FartwinCitation,
  type FartwinTwin,
  fartwinConversations,
  fartwinMemories,
  fartwinMemorySettings,
  fartwinTwins,
} from '@far/db';
import { and, asc, eq } from 'drizzle-orm';
import { BaseError } from '../../errors/BaseError.js';
import type { Logger } from '../../observability/createLogger.js';
import type { ChatModelProvider, ProvidedChatRun } from '../inference/ChatModelRegistry.js';
import type { InferenceSurcharge } from '../inference/InferenceSurcharge.js';
import { baseModelContextTokens } from './baseModelContextTokens.js';
import { composeTwinPrompt } from './composeTwinPrompt.js';
import type { createChatRateLimits } from './createChatRateLimits.js';
import { findVisibleTwin } from './findVisibleTwin.js';
import { recordTwinFee } from './recordTwinFee.js';
import { recordTwinTurn } from './recordTwinTurn.js';
import { retrievePassages } from './retrievePassages.js';
import { semanticSearchFor } from './semanticSearchFor.js';
import type { TwinEmbedder } from './TwinEmbedder.js';
import { twinFeeSplit } from './twinFeeSplit.js';

/** The model id prefix of a twin. */
const TWIN_MODEL_PREFIX = 'twin:';
/** Passages retrieved per question (fewer go in when the window is small). */
const PASSAGES = 4;

export type TwinChatDeps = {
  db: Db;
  logger: Logger;
  rateLimits: ReturnType<typeof createChatRateLimits>;
  /** Embeds the question for hybrid retrieval, billed to the chatting user; absent: full-text. */
  embed?: TwinEmbedder | undefined;
};

/**
 * Chat with a twin through `/v1/chat/completions` (`model: "twin:<handle>"`): finds the twin (a
 * private one only for its owner), applies the rate limits, composes persona + memories +
 * retrieved passages + conversation within the base model's window, and runs it through Far
 * Inference with the twin's creator fee as a surcharge (none when the owner chats with their own
 * twin). The turn is kept in the caller's conversation (`X-Far-Conversation-Id`, or a new one)
 * once billed. The response carries `citations` and `twin: { handle, conversation_id }`.
 *
 * @param deps - database, logger, rate limits.
 * @returns the chat model provider FarTwin registers with the platform.
 */
export function twinChatProvider(deps: TwinChatDeps): ChatModelProvider {
  const { db } = deps;
  return {
    prefix: TWIN_MODEL_PREFIX,
    // A chat whose coordinator died is billed the fee it was admitted at; a deleted twin's is not.
    async recoverSurcharge(executor, { ref, weiPerMillionTokens, payerUserId }) {
      const [twin] = await executor.select().from(fartwinTwins).where(eq(fartwinTwins.id, ref));
      return twin ? twinFee(twin, weiPerMillionTokens, payerUserId) : undefined;
    },
    async start(input, runInference): Promise<ProvidedChatRun> {
      const handle = input.request.model.slice(TWIN_MODEL_PREFIX.length);
      const { twin } = await findVisibleTwin(db, handle, input.userId);
      deps.rateLimits.admit(input.userId, twin.id);
      const conversation = input.request.messages;
      if (!conversation) throw new BaseError('bad_request', 'A twin answers chat messages');
      const conversationId = await openConversation(db, twin, input.userId, input.headers);
      const [memories, allowTwinMemories] = await readMemories(db, twin.id, input.userId);
      const question = conversation.filter((m) => m.role === 'user').at(-1)?.content ?? '';
      const semantic = semanticSearchFor(deps.embed, input, twin.baseModel, deps.logger);
      const passages = await retrievePassages(db, twin.id, question, PASSAGES, semantic);
      const window = baseModelContextTokens(twin.baseModel);
      // The completion may take at most half the window, so knowledge always has room.
      const maxTokens = Math.min(input.request.maxTokens, Math.floor(window / 2));
      const prompt = composeTwinPrompt({
        twin,
        memories,
        passages,
        conversation,
        allowTwinMemories,
        promptBudget: window - maxTokens,
      });
      const run = await runInference({
        ...input,
        request: { ...input.request, model: twin.baseModel, messages: prompt.messages, maxTokens },
        surcharge: feeOf(twin, input.userId),
      });
      let answer = '';
      const tokens = run.tokens;
      async function* tapped() {
        for await (const batch of tokens) {
          for (const token of batch) answer += token.text;
          yield batch;
        }
      }
      // The turn is kept before the outcome reaches the route, so once the caller has the answer
      // (or the stream's last chunk) the conversation already holds it.
      const outcome = run.outcome.then(async (settled) => {
        await recordTwinTurn(db, {
          twin,
          userId: input.userId,
          conversationId,
          question,
          answer,
          citations: prompt.citations,
          outcome: settled,
          allowTwinMemories,
        }).catch((error: unknown) =>
          deps.logger.warn(
            { err: error, taskId: settled.taskId },
            'could not record the twin conversation turn',
          ),
        );
        return settled;
      });
      return {
        run: { ...run, tokens: tapped(), outcome },
        modelId: `${TWIN_MODEL_PREFIX}${twin.handle}`,
        responseFields: {
          citations: prompt.citations satisfies FartwinCitation[],
          twin: { handle: twin.handle, conversation_id: conversationId, dropped_turns: prompt.droppedTurns },
        },
      };
    },
  };
}

/** The twin's fee as a surcharge, priced as the twin stands now; none for its owner or a free twin. */
function feeOf(twin: FartwinTwin, callerUserId: string): InferenceSurcharge | undefined {
  if (twin.creatorFeeWeiPerMillion === 0n || twin.ownerUserId === callerUserId) return undefined;
  return twinFee(twin, twin.creatorFeeWeiPerMillion, callerUserId);
}

/** A twin's fee at `weiPerMillionTokens`, as charged to `payerUserId`, recoverable after a crash. */
function twinFee(twin: FartwinTwin, weiPerMillionTokens: bigint, payerUserId: string): InferenceSurcharge {
  return {
    weiPerMillionTokens,
    split: (amount) => twinFeeSplit(amount, twin.ownerUserId),
    record: (tx, charge) => recordTwinFee(tx, { ...charge, twin, payerUserId }),
    recovery: { modelId: `${TWIN_MODEL_PREFIX}${twin.handle}`, ref: twin.id },
  };
}

/** The caller's conversation named by `X-Far-Conversation-Id`, or a new one. */
async function openConversation(
  db: Db,
  twin: FartwinTwin,
  userId: string,
  headers: Headers,
): Promise<string> {
  const named = headers.get('x-far-conversation-id');
  if (named) {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(named);
    const [found] = uuid
      ? await db
          .select({ id: fartwinConversations.id })
          .from(fartwinConversations)
          .where(
            and(
              eq(fartwinConversations.id, named),
              eq(fartwinConversations.twinId, twin.id),
              eq(fartwinConversations.userId, userId),
            ),
          )
      : [];
    if (!found) throw new BaseError('not_found', 'Conversation not found');
    return found.id;
  }
  const [created] = await db
    .insert(fartwinConversations)
    .values({ twinId: twin.id, userId })
    .returning({ id: fartwinConversations.id });
  return (created as { id: string }).id;
}

async function readMemories(db: Db, twinId: string, userId: string): Promise<[string[], boolean]> {
  const [memories, settings] = await Promise.all([
    db
      .select({ content: fartwinMemories.content })
      .from(fartwinMemories)
      .where(and(eq(fartwinMemories.twinId, twinId), eq(fartwinMemories.userId, userId)))
      .orderBy(asc(fartwinMemories.createdAt)),
    db
      .select({ allow: fartwinMemorySettings.allowTwinMemories })
      .from(fartwinMemorySettings)
      .where(and(eq(fartwinMemorySettings.twinId, twinId), eq(fartwinMemorySettings.userId, userId))),
  ]);
  return [memories.map((m) => m.content), settings[0]?.allow ?? false];
}
