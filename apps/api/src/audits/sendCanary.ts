import { canaryAnswers } from '@far/db';
import { and, eq } from 'drizzle-orm';
import type { AuditorContext, CheckRequest, CheckRun } from './auditorContext.js';
import { runCheckTask } from './auditorContext.js';
import { pickCanaryPrompt } from './canaryPrompts.js';
import { compareAnswers } from './compareAnswers.js';
import { strikeOrPass } from './strikeOrPass.js';

const agrees = (a: readonly string[], b: readonly string[]) => compareAnswers(a, b).verdict !== 'diverged';

/**
 * Sends one canary to `nodeId`: a plausible prompt with a known greedy answer, dispatched like a
 * user's task but only to that node (every other node excluded). The known answer is the one two
 * different nodes gave identically (`canary_answers`); the first time a prompt is used it is
 * established by running it on a second node too (and a third when the two differ: the majority
 * sets it, the odd one out is struck). A node whose answer diverges from the known one is struck.
 */
export async function sendCanary(ctx: AuditorContext, nodeId: string, model: string): Promise<void> {
  const { prompt, maxTokens } = pickCanaryPrompt();
  const request: CheckRequest = {
    model,
    messages: [{ role: 'user', content: prompt }],
    maxTokens,
    temperature: 0,
  };
  const others = new Set<string>();
  for (const node of ctx.network.registry.nodesServing(model))
    if (node.nodeId !== nodeId) others.add(node.nodeId);
  const known = await readCanaryAnswer(ctx, request);
  // Nothing to compare with and no other node to ask: the canary would prove nothing.
  if (!known && others.size === 0) return;
  const target = await runCheckTask(ctx, request, others);
  if (!target) return;
  ctx.stats.canaries += 1;
  const evidence = (reference: readonly string[], agreedBy: readonly string[], answer: CheckRun) => ({
    kind: 'canary',
    model,
    request: { messages: request.messages ?? [], maxTokens, temperature: 0 },
    nodeId: answer.nodeId,
    answer: answer.frames,
    reference: [...reference],
    referenceAgreedBy: [...agreedBy],
    divergedAt: divergedAt(answer.frames, reference),
    at: new Date().toISOString(),
  });
  const check = (
    answer: CheckRun,
    reference: readonly string[],
    agreedBy: readonly string[],
    runs: CheckRun[],
  ) =>
    strikeOrPass(ctx, {
      nodeId: answer.nodeId,
      taskId: answer.taskId,
      kind: 'canary',
      passed: agrees(answer.frames, reference),
      model,
      evidence: evidence(reference, agreedBy, answer),
      auditorNodeId: agreedBy.join(',').slice(0, 100),
      runs,
    });
  if (known) {
    await check(target, known.tokens, known.agreedBy, [target]);
    return;
  }
  const second = await runCheckTask(ctx, request, new Set([target.nodeId]));
  if (!second) return;
  if (agrees(target.frames, second.frames) && agrees(second.frames, target.frames)) {
    await saveCanaryAnswer(ctx, request, target.frames, [target.nodeId, second.nodeId]);
    await check(target, target.frames, [target.nodeId, second.nodeId], [target, second]);
    return;
  }
  const third = await runCheckTask(ctx, request, new Set([target.nodeId, second.nodeId]));
  if (!third) return;
  for (const [odd, pair] of [
    [target, [second, third]],
    [second, [target, third]],
    [third, [target, second]],
  ] as const) {
    const [a, b] = pair;
    if (!agrees(a.frames, b.frames) || !agrees(b.frames, a.frames)) continue;
    await saveCanaryAnswer(ctx, request, a.frames, [a.nodeId, b.nodeId]);
    await check(odd, a.frames, [a.nodeId, b.nodeId], [target, second, third]);
    return;
  }
}

/** The first differing character, or null when the answer passes. */
function divergedAt(answer: readonly string[], reference: readonly string[]): number | null {
  const c = compareAnswers(answer, reference);
  return c.verdict === 'diverged' ? c.divergedAt : null;
}

async function readCanaryAnswer(ctx: AuditorContext, request: CheckRequest) {
  const prompt = request.messages?.[0]?.content ?? '';
  const [row] = await ctx.db
    .select({ tokens: canaryAnswers.tokens, agreedBy: canaryAnswers.agreedBy })
    .from(canaryAnswers)
    .where(
      and(
        eq(canaryAnswers.model, request.model),
        eq(canaryAnswers.prompt, prompt),
        eq(canaryAnswers.maxTokens, request.maxTokens),
      ),
    );
  return row;
}

async function saveCanaryAnswer(
  ctx: AuditorContext,
  request: CheckRequest,
  tokens: readonly string[],
  agreedBy: readonly string[],
): Promise<void> {
  await ctx.db
    .insert(canaryAnswers)
    .values({
      model: request.model,
      prompt: request.messages?.[0]?.content ?? '',
      maxTokens: request.maxTokens,
      tokens: [...tokens],
      agreedBy: [...agreedBy],
    })
    .onConflictDoNothing();
}
