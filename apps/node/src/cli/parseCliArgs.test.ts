import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './parseCliArgs.js';

const key = 'ab'.repeat(32);
const llama = [
  '--coordinator',
  'http://127.0.0.1:4000/',
  '--wallet-key',
  key,
  '--engine',
  'llama',
  '--model',
  '/m/far-demo.gguf',
];

describe('parseCliArgs', () => {
  it('parses a llama node and derives the model id from the file name', () => {
    const r = parseCliArgs(
      [...llama, '--max-concurrency', '2', '--threads', '1', '--max-tokens-per-second', '8'],
      {
        FAR_NODE_HOME: '/tmp/s',
      },
    );
    expect(r).toMatchObject({
      ok: true,
      config: {
        engine: 'llama',
        coordinator: 'http://127.0.0.1:4000',
        model: '/m/far-demo.gguf',
        modelId: 'far-demo',
        maxConcurrency: 2,
        threads: 1,
        maxTokensPerSecond: 8,
        stateDir: '/tmp/s',
      },
    });
  });

  it('parses an openai node whose model id is the upstream model name', () => {
    const r = parseCliArgs(
      [
        '--coordinator',
        'https://api.far.ai',
        '--engine',
        'openai',
        '--upstream',
        'http://127.0.0.1:8000/v1',
        '--model',
        'qwen2.5',
      ],
      { FAR_NODE_WALLET_KEY: key, FAR_NODE_UPSTREAM_API_KEY: 'sk-x' },
    );
    expect(r).toMatchObject({
      ok: true,
      config: { engine: 'openai', modelId: 'qwen2.5', upstreamApiKey: 'sk-x', walletKey: key },
    });
  });

  it('takes a stated weights hash, lower-cased, and refuses one that is not 64 hex digits', () => {
    const hash = 'AB'.repeat(32);
    expect(parseCliArgs([...llama, '--weights-sha256', hash], {})).toMatchObject({
      ok: true,
      config: { weightsSha256: 'ab'.repeat(32) },
    });
    expect(parseCliArgs([...llama, '--weights-sha256', 'abc'], {})).toMatchObject({
      ok: false,
      error: expect.stringMatching(/--weights-sha256 must be 64 hex digits/),
    });
  });

  it('takes the keystore password from FAR_NODE_PASSWORD', () => {
    const r = parseCliArgs(llama, { FAR_NODE_PASSWORD: 'pw' });
    expect(r.ok && r.config.password).toBe('pw');
  });

  it("takes a suspended node's retry waits in seconds, from the flags or the environment", () => {
    const fromFlags = parseCliArgs([...llama, '--suspended-retry', '5', '--suspended-retry-max', '60'], {});
    expect(fromFlags.ok && fromFlags.config.suspendedRetry).toEqual({ firstMs: 5_000, maxMs: 60_000 });
    const fromEnv = parseCliArgs(llama, { FAR_NODE_SUSPENDED_RETRY: '2' });
    expect(fromEnv.ok && fromEnv.config.suspendedRetry).toEqual({ firstMs: 2_000 });
    const unset = parseCliArgs(llama, {});
    expect(unset.ok && unset.config.suspendedRetry).toEqual({});
  });

  it('answers each bad flag with one clear message', () => {
    const cases: [string[], RegExp][] = [
      [llama.filter((_, i) => i > 1), /--coordinator is required/],
      [[...llama.slice(0, 4), '--engine', 'pytorch'], /--engine must be llama or openai/],
      [[...llama, '--max-concurrency', '0'], /--max-concurrency must be at least 1/],
      [[...llama, '--max-concurrency', 'two'], /--max-concurrency must be a whole number/],
      [[...llama, '--upstream', 'http://x'], /--upstream does not apply to --engine llama/],
      [[...llama, '--max-tokens-per-second', '0'], /--max-tokens-per-second must be at least 1/],
      [[...llama, '--bogus'], /Unknown option '--bogus'/],
      [
        ['--coordinator', 'ftp://x', '--wallet-key', key, '--engine', 'llama', '--model', 'a.gguf'],
        /--coordinator must be an http\(s\) or ws\(s\) URL/,
      ],
      [
        ['--coordinator', 'http://x', '--wallet-key', key, '--engine', 'openai', '--model', 'm'],
        /--upstream is required/,
      ],
      [[...llama, '--node-id', 'has space'], /--node-id:/],
      [[...llama, '--suspended-retry', '0'], /--suspended-retry must be at least 1/],
      [[...llama, '--suspended-retry-max', '1.5'], /--suspended-retry-max must be a whole number/],
      [[...llama, '--suspended-retry', '600'], /must not exceed --suspended-retry-max \(300 s by default\)/],
      [
        [...llama, '--suspended-retry', '60', '--suspended-retry-max', '30'],
        /--suspended-retry \(60 s\) must not exceed --suspended-retry-max \(30 s\)/,
      ],
    ];
    for (const [argv, message] of cases) {
      const r = parseCliArgs(argv, {});
      expect(r.ok, argv.join(' ')).toBe(false);
      if (!r.ok && !r.help) expect(r.error, argv.join(' ')).toMatch(message);
    }
  });

  it('recognises --help', () => {
    expect(parseCliArgs(['-h'], {})).toEqual({ ok: false, help: true });
  });
});
