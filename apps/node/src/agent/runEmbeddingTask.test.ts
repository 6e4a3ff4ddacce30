import type { NodeToServerMessage } from '@far/protocol';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../engines/engine.js';
import { silentAgentLogger } from './agentLogger.js';
import { runEmbeddingTask } from './runEmbeddingTask.js';

const assign = { type: 'task.embed' as const, taskId: 't1', model: 'm', input: ['a', 'b'] };

function engineWith(embed: Engine['embed']): Engine {
  return {
    kind: 'llama',
    listModels: async () => [{ id: 'm' }],
    generate: async () => ({ promptTokens: 0, completionTokens: 0, finishReason: 'stop' }),
    countTokens: async () => 0,
    close: async () => {},
    ...(embed ? { embed } : {}),
  };
}

describe('runEmbeddingTask', () => {
  it('sends one task.embedding per input in order, then task.done with the prompt tokens', async () => {
    const sent: NodeToServerMessage[] = [];
    const engine = engineWith(async (req) => ({ embeddings: req.input.map((_, i) => [i]), promptTokens: 4 }));
    const outcome = await runEmbeddingTask(assign, {
      engine,
      send: (m) => sent.push(m),
      signal: new AbortController().signal,
      logger: silentAgentLogger,
    });
    expect(outcome).toBe('finished');
    expect(sent).toEqual([
      { type: 'task.embedding', taskId: 't1', index: 0, embedding: [0] },
      { type: 'task.embedding', taskId: 't1', index: 1, embedding: [1] },
      {
        type: 'task.done',
        taskId: 't1',
        usage: { promptTokens: 4, completionTokens: 0 },
        finishReason: 'stop',
      },
    ]);
  });

  it('answers model_not_found when the engine serves no embeddings', async () => {
    const sent: NodeToServerMessage[] = [];
    await runEmbeddingTask(assign, {
      engine: engineWith(undefined),
      send: (m) => sent.push(m),
      signal: new AbortController().signal,
      logger: silentAgentLogger,
    });
    expect(sent).toMatchObject([{ type: 'task.error', code: 'model_not_found' }]);
  });
});
