import { randomInt } from 'node:crypto';

/**
 * Prompts a user might send, any model: a canary is one of these with a short `max_tokens`, on the
 * wire exactly like a user's task (same message shape, a fresh task id, greedy like many API
 * callers). The pool is large enough that a node cannot cheaply answer only these honestly;
 * operators should grow and rotate it (a node that memorised the pool could pass canaries, which
 * is why spot-check audits of real tasks exist too).
 */
const CANARY_PROMPTS = [
  'Tell me about the river.',
  'Describe the town in one sentence.',
  'What happened at the market today?',
  'Write a short line about the morning.',
  'Say something about the boats.',
  'Summarize the story of the old bridge.',
  'What do people eat in the village?',
  'Give me a short description of a rainy day.',
  'Write one sentence about the harbour at night.',
  'What is the weather like in the hills?',
  'Describe the sound of the wind.',
  'Who works at the mill?',
  'Tell a short story about a fisherman.',
  'What is the road to the city like?',
  'Explain what a lighthouse does.',
  'Describe the garden behind the house.',
  'What do the children play in the square?',
  'Write a line about the first snow.',
  'Tell me about the bakery on the corner.',
  'What does the teacher say in the morning?',
  'Describe an evening by the sea.',
  'What is sold at the fair?',
  'Write two sentences about the forest.',
  'What happens when the bell rings?',
  'Describe the train station.',
  'Tell me about the farmer and his fields.',
  'What does the river carry in spring?',
  'Write a short note to a friend.',
  'Describe the library in the old town.',
  'What do the birds do at dawn?',
] as const;

/** `max_tokens` values a canary uses: short, like many chat requests. */
const CANARY_MAX_TOKENS = [8, 12, 16] as const;

/** One canary: the prompt and the `max_tokens` it is sent with. */
export type CanaryPrompt = { prompt: string; maxTokens: number };

/**
 * Picks a canary at random (crypto randomness: a node cannot predict the next one).
 *
 * @example
 * const { prompt, maxTokens } = pickCanaryPrompt();
 */
export function pickCanaryPrompt(): CanaryPrompt {
  return {
    prompt: CANARY_PROMPTS[randomInt(CANARY_PROMPTS.length)] as string,
    maxTokens: CANARY_MAX_TOKENS[randomInt(CANARY_MAX_TOKENS.length)] as number,
  };
}
