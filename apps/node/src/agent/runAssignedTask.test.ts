import { NODE_PROTOCOL_LIMITS, type NodeToServerMessage, type TaskAssignMessage } from '@far/protocol';
import { describe, expect, it } from 'vitest';
import { createScriptedEngine, type ScriptedEngineOptions } from '../../test/support/createScriptedEngine.js';
import { expandTokenFrames } from '../../test/support/expandTokenFrames.js';
import { EngineError } from '../engines/engineError.js';
import { silentAgentLogger } from './agentLogger.js';
import { runAssignedTask } from './runAssignedTask.js';

const assign: TaskAssignMessage = {
  type: 'task.assign',
  taskId: 't1',
  model: 'far-demo',
  prompt: 'hi',
  maxTokens: 8,
  temperature: 0,
};

async function run(engineOptions: ScriptedEngineOptions, task = assign, controller = new AbortController()) {
  const engine = createScriptedEngine(engineOptions);
  const sent: NodeToServerMessage[] = [];
  let tokens = 0;
  const outcome = runAssignedTask(task, {
    engine,
    send: (m) => sent.push(m),
    signal: controller.signal,
    logger: silentAgentLogger,
    onToken: () => {
      tokens += 1;
    },
  });
  return { engine, sent, outcome, tokens: () => tokens };
}

describe('runAssignedTask', () => {
  it('hands the engine the request as assigned, with the task signal and without the wire fields', async () => {
    const controller = new AbortController();
    const { engine, outcome } = await run({}, { ...assign, seed: 3, stop: ['.'] }, controller);
    await outcome;
    expect(engine.requests[0]).toEqual({
      model: 'far-demo',
      prompt: 'hi',
      maxTokens: 8,
      temperature: 0,
      seed: 3,
      stop: ['.'],
      signal: controller.signal,
    });
  });

  it('sends contiguous tokens up to maxTokens and claims only those that show text', async () => {
    const { sent, outcome, tokens } = await run(
      { tokens: ['Hello', '', ' ', 'x'.repeat(NODE_PROTOCOL_LIMITS.maxTokenTextLength + 5), 'more'] },
      { ...assign, maxTokens: 4 },
    );
    expect(await outcome).toBe('finished');
    const sentTokens = expandTokenFrames(sent);
    expect(sentTokens.map((m) => m.seq)).toEqual([0, 1, 2, 3]);
    expect(sentTokens[3]?.text).toHaveLength(NODE_PROTOCOL_LIMITS.maxTokenTextLength);
    expect(tokens()).toBe(4);
    expect(sent.at(-1)).toEqual({
      type: 'task.done',
      taskId: 't1',
      usage: { promptTokens: 2, completionTokens: 2 },
      finishReason: 'stop',
    });
  });

  it("reports an engine failure as task.error with the engine's code", async () => {
    const { sent, outcome } = await run({ fail: new EngineError('CONTEXT_OVERFLOW', 'prompt too long') });
    expect(await outcome).toBe('failed');
    expect(sent.at(-1)).toEqual({
      type: 'task.error',
      taskId: 't1',
      code: 'context_overflow',
      message: 'prompt too long',
    });
  });

  it('reports a cancelled task as done, claiming what was sent, even when the engine throws on abort', async () => {
    const controller = new AbortController();
    const { sent, outcome } = await run({ hang: true, fail: new Error('aborted') }, assign, controller);
    await expect.poll(() => sent.length).toBe(1);
    controller.abort();
    expect(await outcome).toBe('cancelled');
    expect(sent.at(-1)).toEqual({
      type: 'task.done',
      taskId: 't1',
      usage: { promptTokens: 0, completionTokens: 1 },
      finishReason: 'cancelled',
    });
  });
});
