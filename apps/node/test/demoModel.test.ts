import {
  getLlama,
  type Llama,
  LlamaChatSession,
  LlamaCompletion,
  type LlamaModel,
  type Token,
} from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoModel } from '../src/demoModel/buildDemoModel.js';
import { ensureDemoModel } from '../src/demoModel/ensureDemoModel.js';
import { predictGreedyTokens } from '../src/demoModel/predictGreedyTokens.js';
import { tokenizeSpm } from '../src/demoModel/tokenizeSpm.js';

const demo = buildDemoModel();
let llama: Llama;
let model: LlamaModel;

beforeAll(async () => {
  const { path } = await ensureDemoModel();
  // build: 'never' so a missing prebuilt binary fails loudly instead of compiling llama.cpp.
  llama = await getLlama({ build: 'never', gpu: false });
  model = await llama.loadModel({ modelPath: path });
});
afterAll(async () => {
  await llama?.dispose();
});

const asText = (ids: readonly number[]) =>
  ids
    .map((id) => demo.vocabulary.tokens[id])
    .join('')
    .replaceAll('\u2581', ' ');

describe('the far-demo GGUF in llama.cpp', () => {
  it('loads as a llama model named far-demo with the built vocabulary', () => {
    expect(model.fileInfo.metadata.general.architecture).toBe('llama');
    expect(model.fileInfo.metadata.general.name).toBe('far-demo');
    expect(model.tokens.bos).toBe(demo.vocabulary.bosId);
    expect(model.tokens.eos).toBe(demo.vocabulary.eosId);
    expect(model.fileInfo.metadata.tokenizer.chat_template).toContain('<|im_start|>');
  });

  it('tokenizes text exactly like the TypeScript tokenizer the bigrams were counted with', () => {
    for (const text of [
      'The river runs past the old town and down to the sea.',
      'When the wind comes from the north, the keeper writes in his book.',
      'Unknown words like xylophone, café and rivet fall back to bytes.',
      'two  spaces\nand a newline',
    ]) {
      expect(model.tokenize(text), text).toEqual(tokenizeSpm(demo.vocabulary, text, { addBos: false }));
    }
  });

  it('greedily continues a prompt with the chain the bigram table predicts', async () => {
    const context = await model.createContext({ contextSize: 512, threads: 1 });
    try {
      const sequence = context.getSequence();
      for (const prompt of ['The stranger', 'In the winter the', 'The keeper has a grey']) {
        const promptTokens = tokenizeSpm(demo.vocabulary, prompt);
        const expected = predictGreedyTokens(demo, promptTokens, 24);
        const generated: number[] = [];
        await sequence.clearHistory();
        for await (const token of sequence.evaluate(promptTokens as Token[], { temperature: 0 })) {
          generated.push(token);
          if (generated.length >= 24) break;
        }
        expect(asText(generated), prompt).toBe(asText(expected));
        expect(asText(expected)).toMatch(/^( [A-Za-z]+| ?[.,;:?!])+$/);
      }
    } finally {
      await context.dispose();
    }
  });

  it('gives the same continuation through node-llama-cpp’s completion API', async () => {
    const context = await model.createContext({ contextSize: 512, threads: 1 });
    try {
      const completion = new LlamaCompletion({ contextSequence: context.getSequence() });
      const text = await completion.generateCompletion('The river runs past the old', {
        maxTokens: 16,
        temperature: 0,
      });
      const expected = asText(
        predictGreedyTokens(demo, tokenizeSpm(demo.vocabulary, 'The river runs past the old'), 16),
      );
      expect(text.trim()).toBe(expected.trim());
    } finally {
      await context.dispose();
    }
  });

  it('chats through node-llama-cpp’s chat session using the embedded ChatML template', async () => {
    const context = await model.createContext({ contextSize: 512, threads: 1 });
    try {
      const session = new LlamaChatSession({ contextSequence: context.getSequence() });
      expect(session.chatWrapper.wrapperName).toBe('ChatML');
      const answer = await session.prompt('Tell me about the river.', { maxTokens: 48, temperature: 0 });
      // After "<|im_start|>assistant\n" the model is at the start of a paragraph; the answer ends at </s>.
      const expected = asText(predictGreedyTokens(demo, [demo.vocabulary.byteIds[0x0a] as number], 48));
      expect(answer.trim()).toBe(expected.trim());
    } finally {
      await context.dispose();
    }
  });
});
