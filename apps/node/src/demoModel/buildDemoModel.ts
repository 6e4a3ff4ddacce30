import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DemoModelError } from './demoModelError.js';
import { buildDemoVocabulary, type DemoVocabulary, tokenType } from './demoVocabulary.js';
import { encodeGguf, type GgufTensor } from './encodeGguf.js';
import { tokenizeSpm } from './tokenizeSpm.js';

/** The built demo model: the GGUF bytes plus the tables they encode, for tests and predictions. */
export type DemoModel = {
  bytes: Uint8Array;
  /** Hex SHA-256 of `bytes`. */
  sha256: string;
  vocabulary: DemoVocabulary;
  /** Bigram contexts: 0 = start of text, 1 = unknown context, then one per word or punctuation token. */
  stateCount: number;
  /** `stateCount` rounded up to a multiple of 32: the model's hidden size. */
  embeddingLength: number;
  /** Context state of each token id. */
  stateOfToken: Int32Array;
  /** `logProbabilities[state * vocabularySize + token]`: log P(token | state), ties already broken. */
  logProbabilities: Float32Array;
};

export type BuildDemoModelOptions = {
  /** Corpus text, one paragraph per line. Defaults to apps/node/corpus/riverTown.txt. */
  corpusText?: string;
  /** Distinct words to keep, most frequent first. */
  maxWords?: number;
};

/** Hyper-parameters of the one-layer llama the bigram table is written into. */
const headDimension = 32;
const feedForwardLength = 32;
const rmsEpsilon = 1e-5;
const contextLength = 4096;
/** Dirichlet smoothing towards the unigram distribution, so unseen pairs stay possible when sampling. */
const smoothing = 1;
/** Tokens the model must never produce (byte pieces, merge prefixes, control tokens). */
const impossibleLogProbability = -50;
/** Gap forced between equal log-probabilities so greedy decoding has exactly one answer. */
const tieBreakGap = 1e-4;

/** ChatML, so node-llama-cpp and llama.cpp servers recognise the chat format without guessing. */
const demoChatTemplate =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

const defaultDemoCorpusUrl = new URL('../../corpus/riverTown.txt', import.meta.url);

/**
 * Builds the far-demo GGUF model: a llama-architecture network whose weights encode a word bigram
 * language model counted from the corpus. Token embeddings are one-hot context states, the single
 * block's attention and FFN outputs are zero (so the residual stream carries the embedding through),
 * and the output matrix holds log P(next | current) scaled for the final RMSNorm, so the logits
 * llama.cpp computes are the bigram log-probabilities. Same corpus → same bytes.
 * @param options corpus text and vocabulary size
 * @returns the file bytes, their hash and the tables they encode
 * @example
 * const model = buildDemoModel();
 * await writeFile('far-demo.gguf', model.bytes);
 */
export function buildDemoModel(options: BuildDemoModelOptions = {}): DemoModel {
  const corpusText = options.corpusText ?? readFileSync(defaultDemoCorpusUrl, 'utf8');
  const paragraphs = corpusText
    .split('\n')
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line.length > 0);
  if (paragraphs.length === 0) throw new DemoModelError('CORPUS_INVALID', 'the corpus is empty');

  const vocabulary = buildDemoVocabulary(paragraphs, { maxWords: options.maxWords ?? 2000 });
  const vocabularySize = vocabulary.tokens.length;

  const emittable = new Uint8Array(vocabularySize);
  for (const id of [...vocabulary.wordIds, ...vocabulary.punctuationIds, vocabulary.eosId]) emittable[id] = 1;

  // Control tokens and a newline start a fresh text (e.g. "<|im_start|>assistant\n"); other
  // non-word tokens (bytes of unknown words, merge prefixes) say nothing about what follows.
  const startState = 0;
  const unknownState = 1;
  const stateOfToken = new Int32Array(vocabularySize).fill(unknownState);
  for (let id = 0; id < vocabularySize; id++) {
    if (vocabulary.types[id] === tokenType.control) stateOfToken[id] = startState;
  }
  stateOfToken[vocabulary.byteIds[0x0a] as number] = startState;
  let stateCount = 2;
  for (const id of [...vocabulary.punctuationIds, ...vocabulary.wordIds]) stateOfToken[id] = stateCount++;
  const embeddingLength = Math.ceil(stateCount / 32) * 32;

  const pairCounts = new Float64Array(stateCount * vocabularySize);
  const stateTotals = new Float64Array(stateCount);
  const unigramCounts = new Float64Array(vocabularySize);
  for (const paragraph of paragraphs) {
    const tokens = tokenizeSpm(vocabulary, paragraph);
    tokens.push(vocabulary.eosId);
    for (let i = 0; i + 1 < tokens.length; i++) {
      const next = tokens[i + 1] as number;
      if (emittable[next] === 0) continue;
      const state = stateOfToken[tokens[i] as number] as number;
      pairCounts[state * vocabularySize + next] = (pairCounts[state * vocabularySize + next] as number) + 1;
      stateTotals[state] = (stateTotals[state] as number) + 1;
      unigramCounts[next] = (unigramCounts[next] as number) + 1;
    }
  }

  let emittableCount = 0;
  let unigramTotal = 0;
  for (let id = 0; id < vocabularySize; id++) {
    if (emittable[id] === 0) continue;
    emittableCount += 1;
    unigramTotal += unigramCounts[id] as number;
  }
  const unigram = (id: number) =>
    ((unigramCounts[id] as number) + 0.5) / (unigramTotal + 0.5 * emittableCount);

  const logProbabilities = new Float32Array(stateCount * vocabularySize);
  const row = new Float64Array(vocabularySize);
  for (let state = 0; state < stateCount; state++) {
    const candidates: number[] = [];
    for (let id = 0; id < vocabularySize; id++) {
      if (emittable[id] === 0) {
        row[id] = impossibleLogProbability;
        continue;
      }
      const count = pairCounts[state * vocabularySize + id] as number;
      row[id] = Math.log((count + smoothing * unigram(id)) / ((stateTotals[state] as number) + smoothing));
      candidates.push(id);
    }
    candidates.sort((a, b) => (row[b] as number) - (row[a] as number) || a - b);
    for (let k = 1; k < candidates.length; k++) {
      const previous = row[candidates[k - 1] as number] as number;
      const id = candidates[k] as number;
      row[id] = Math.min(row[id] as number, previous - tieBreakGap);
    }
    logProbabilities.set(row, state * vocabularySize);
  }

  const bytes = encodeGguf({
    metadata: buildMetadata(vocabulary, embeddingLength),
    tensors: buildTensors(vocabularySize, stateCount, embeddingLength, stateOfToken, logProbabilities),
  });
  return {
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    vocabulary,
    stateCount,
    embeddingLength,
    stateOfToken,
    logProbabilities,
  };
}

function buildMetadata(vocabulary: DemoVocabulary, embeddingLength: number) {
  return [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: 'far-demo' }],
    [
      'general.description',
      { type: 'string', value: 'Word bigram language model written into llama weights (Far Labs demo)' },
    ],
    ['general.file_type', { type: 'uint32', value: 1 }], // LLAMA_FTYPE_MOSTLY_F16
    ['llama.context_length', { type: 'uint32', value: contextLength }],
    ['llama.embedding_length', { type: 'uint32', value: embeddingLength }],
    ['llama.block_count', { type: 'uint32', value: 1 }],
    ['llama.feed_forward_length', { type: 'uint32', value: feedForwardLength }],
    ['llama.attention.head_count', { type: 'uint32', value: 1 }],
    ['llama.attention.head_count_kv', { type: 'uint32', value: 1 }],
    // One small head instead of n_embd / n_head keeps the (unused) attention weights tiny.
    ['llama.attention.key_length', { type: 'uint32', value: headDimension }],
    ['llama.attention.value_length', { type: 'uint32', value: headDimension }],
    ['llama.rope.dimension_count', { type: 'uint32', value: headDimension }],
    ['llama.rope.freq_base', { type: 'float32', value: 10000 }],
    ['llama.attention.layer_norm_rms_epsilon', { type: 'float32', value: rmsEpsilon }],
    ['llama.vocab_size', { type: 'uint32', value: vocabulary.tokens.length }],
    ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: 'stringArray', value: vocabulary.tokens }],
    ['tokenizer.ggml.scores', { type: 'float32Array', value: vocabulary.scores }],
    ['tokenizer.ggml.token_type', { type: 'int32Array', value: vocabulary.types }],
    ['tokenizer.ggml.bos_token_id', { type: 'uint32', value: vocabulary.bosId }],
    ['tokenizer.ggml.eos_token_id', { type: 'uint32', value: vocabulary.eosId }],
    ['tokenizer.ggml.unknown_token_id', { type: 'uint32', value: vocabulary.unknownId }],
    ['tokenizer.ggml.padding_token_id', { type: 'uint32', value: vocabulary.eosId }],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
    ['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
    ['tokenizer.ggml.add_space_prefix', { type: 'bool', value: true }],
    ['tokenizer.chat_template', { type: 'string', value: demoChatTemplate }],
  ] as const;
}

function buildTensors(
  vocabularySize: number,
  stateCount: number,
  embeddingLength: number,
  stateOfToken: Int32Array,
  logProbabilities: Float32Array,
): GgufTensor[] {
  const embeddings = new Float32Array(vocabularySize * embeddingLength);
  for (let id = 0; id < vocabularySize; id++)
    embeddings[id * embeddingLength + (stateOfToken[id] as number)] = 1;

  // RMSNorm turns the one-hot vector (value 1) into one-hot × 1/sqrt(1/n + eps); dividing that out
  // here makes each logit exactly the stored log-probability times a constant close to 1.
  const normScale = Math.sqrt(1 / embeddingLength + rmsEpsilon);
  const output = new Float32Array(vocabularySize * embeddingLength);
  for (let state = 0; state < stateCount; state++) {
    for (let id = 0; id < vocabularySize; id++) {
      output[id * embeddingLength + state] =
        (logProbabilities[state * vocabularySize + id] as number) * normScale;
    }
  }

  const ones = new Float32Array(embeddingLength).fill(1);
  const zeros = (length: number) => new Float32Array(length);
  return [
    { name: 'token_embd.weight', dims: [embeddingLength, vocabularySize], type: 'f16', data: embeddings },
    { name: 'blk.0.attn_norm.weight', dims: [embeddingLength], type: 'f32', data: ones },
    {
      name: 'blk.0.attn_q.weight',
      dims: [embeddingLength, headDimension],
      type: 'f16',
      data: zeros(embeddingLength * headDimension),
    },
    {
      name: 'blk.0.attn_k.weight',
      dims: [embeddingLength, headDimension],
      type: 'f16',
      data: zeros(embeddingLength * headDimension),
    },
    {
      name: 'blk.0.attn_v.weight',
      dims: [embeddingLength, headDimension],
      type: 'f16',
      data: zeros(embeddingLength * headDimension),
    },
    {
      name: 'blk.0.attn_output.weight',
      dims: [headDimension, embeddingLength],
      type: 'f16',
      data: zeros(embeddingLength * headDimension),
    },
    { name: 'blk.0.ffn_norm.weight', dims: [embeddingLength], type: 'f32', data: ones },
    {
      name: 'blk.0.ffn_gate.weight',
      dims: [embeddingLength, feedForwardLength],
      type: 'f16',
      data: zeros(embeddingLength * feedForwardLength),
    },
    {
      name: 'blk.0.ffn_up.weight',
      dims: [embeddingLength, feedForwardLength],
      type: 'f16',
      data: zeros(embeddingLength * feedForwardLength),
    },
    {
      name: 'blk.0.ffn_down.weight',
      dims: [feedForwardLength, embeddingLength],
      type: 'f16',
      data: zeros(embeddingLength * feedForwardLength),
    },
    { name: 'output_norm.weight', dims: [embeddingLength], type: 'f32', data: ones },
    // f32 keeps the tie-break gaps between log-probabilities intact (f16 would merge them).
    { name: 'output.weight', dims: [embeddingLength, vocabularySize], type: 'f32', data: output },
  ];
}
