import type { AuditorContext, CheckRequest, CheckRun } from './auditorContext.js';
import { runCheckTask } from './auditorContext.js';
import { compareAnswers } from './compareAnswers.js';
import { strikeOrPass } from './strikeOrPass.js';

/** A served greedy task, as the auditor saw it reach the user. */
export type ServedTask = { taskId: string; nodeId: string; request: CheckRequest; frames: readonly string[] };

const agrees = (a: readonly string[], b: readonly string[]) => compareAnswers(a, b).verdict !== 'diverged';

/**
 * Spot-check audit of one served greedy task: re-runs it on a different node and compares the
 * answers token by token (`compareAnswers`). When they diverge, a third node arbitrates (honest
 * llama.cpp decodes are not always bit-exact under batching, so one divergence alone may be
 * noise): the audited node is struck when the arbiter agrees with the auditor; the auditor is
 * struck when the arbiter agrees with the audited node (its re-run was a task like any other);
 * with no agreement, or no third node to ask, nothing is concluded (every strike proposes a slash of
 * the node's bond, so one unconfirmed divergence must not be one). No second node: no audit.
 */
export async function spotCheckTask(ctx: AuditorContext, served: ServedTask): Promise<void> {
  const { request, nodeId } = served;
  const rerun = await runCheckTask(ctx, request, new Set([nodeId]));
  if (!rerun) return;
  ctx.stats.audits += 1;
  const first = compareAnswers(served.frames, rerun.frames);
  const runs: CheckRun[] = [rerun];
  let arbiter: CheckRun | undefined;
  if (first.verdict === 'diverged') {
    arbiter = await runCheckTask(ctx, request, new Set([nodeId, rerun.nodeId]));
    if (arbiter) runs.push(arbiter);
  }
  const evidence = {
    kind: 'audit',
    model: request.model,
    taskId: served.taskId,
    request: JSON.parse(JSON.stringify(request)),
    auditedNodeId: nodeId,
    answer: [...served.frames],
    auditorNodeId: rerun.nodeId,
    auditorAnswer: rerun.frames,
    arbiter: arbiter ? { nodeId: arbiter.nodeId, answer: arbiter.frames } : null,
    divergedAt: first.verdict === 'diverged' ? first.divergedAt : null,
    divergedAtToken: first.verdict === 'diverged' ? first.token : null,
    at: new Date().toISOString(),
  };
  const base = { taskId: served.taskId, kind: 'audit' as const, model: request.model, evidence, runs };
  if (first.verdict !== 'diverged') {
    await strikeOrPass(ctx, { ...base, nodeId, passed: true, auditorNodeId: rerun.nodeId });
    return;
  }
  if (arbiter && agrees(served.frames, arbiter.frames) && !agrees(rerun.frames, arbiter.frames)) {
    // The auditor's answer is the odd one: the audited node passes, the auditor is struck.
    // Only the arbiter's run is paid: the auditor's answer was altered.
    await strikeOrPass(ctx, {
      ...base,
      nodeId,
      passed: true,
      auditorNodeId: arbiter.nodeId,
      runs: [arbiter],
    });
    await strikeOrPass(ctx, {
      ...base,
      nodeId: rerun.nodeId,
      passed: false,
      auditorNodeId: arbiter.nodeId,
      runs: [],
    });
    return;
  }
  const struck = arbiter !== undefined && agrees(rerun.frames, arbiter.frames);
  await strikeOrPass(ctx, { ...base, nodeId, passed: !struck, auditorNodeId: rerun.nodeId });
}
