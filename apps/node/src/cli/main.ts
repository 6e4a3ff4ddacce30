import { readFileSync } from 'node:fs';
import { createNodeAgent } from '../agent/createNodeAgent.js';
import { formatStatusLine } from '../agent/formatStatusLine.js';
import { hashWeightsFile } from '../agent/hashWeightsFile.js';
import { loadNodeId } from '../agent/loadNodeId.js';
import { loadWalletAccount } from '../agent/loadWalletAccount.js';
import { detectGpu } from '../engines/detectGpu.js';
import type { Engine } from '../engines/engine.js';
import { type CliConfig, FAR_NODE_USAGE, parseCliArgs } from './parseCliArgs.js';

const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const fail = (message: string, code = 2): never => {
  process.stderr.write(`far-node: ${message}\n`);
  process.exit(code);
};

const log = (level: string, message: string, fields?: Record<string, unknown>): void => {
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields })}\n`,
  );
};

async function createEngine(
  config: CliConfig,
): Promise<{ engine: Engine; gpuKind?: 'cuda' | 'vulkan' | 'metal' }> {
  if (config.engine === 'llama') {
    const { createLlamaEngine } = await import('../engines/createLlamaEngine.js');
    const engine = await createLlamaEngine({
      modelPath: config.model,
      modelId: config.modelId,
      maxConcurrency: config.maxConcurrency,
      ...(config.threads ? { threads: config.threads } : {}),
      ...(config.contextSize ? { contextSize: config.contextSize } : {}),
      ...(config.maxTokensPerSecond ? { maxTokensPerSecond: config.maxTokensPerSecond } : {}),
      embeddings: config.embeddings,
    });
    const kind =
      engine.gpu === 'cuda' || engine.gpu === 'vulkan' || engine.gpu === 'metal' ? engine.gpu : undefined;
    return kind ? { engine, gpuKind: kind } : { engine };
  }
  const { createOpenAIEngine } = await import('../engines/createOpenAIEngine.js');
  const engine = await createOpenAIEngine({
    upstream: config.upstream,
    model: config.model,
    ...(config.upstreamApiKey ? { apiKey: config.upstreamApiKey } : {}),
    embeddings: config.embeddings,
  });
  return { engine };
}

const parsed = parseCliArgs(process.argv.slice(2), process.env);
if (!parsed.ok) {
  if (parsed.help) {
    process.stdout.write(`${FAR_NODE_USAGE}\n`);
    process.exit(0);
  }
  fail(`${parsed.error}\n\nRun far-node --help for usage.`);
}
const config = (parsed as { ok: true; config: CliConfig }).config;

const account = await loadWalletAccount(config.walletKey, config.password).catch((error: unknown) =>
  fail(error instanceof Error ? error.message : String(error)),
);
const nodeId = config.nodeId ?? (await loadNodeId(config.stateDir));
const { engine, gpuKind } = await createEngine(config).catch((error: unknown) =>
  fail(
    `could not start the ${config.engine} engine: ${error instanceof Error ? error.message : String(error)}`,
    1,
  ),
);
// The llama engine already says which backend it loaded; probing node-llama-cpp again would cost seconds.
const detected = await detectGpu({ probeLlama: false });
const gpu = {
  name: config.gpuName ?? detected.name,
  vramGb: config.vramGb ?? detected.vramGb,
  kind: config.gpuKind ?? gpuKind ?? detected.kind,
};

const models = await engine
  .listModels()
  .catch((error: unknown) =>
    fail(
      `the ${config.engine} engine cannot list its models: ${error instanceof Error ? error.message : String(error)}`,
      1,
    ),
  );
// The coordinator checks the weights against its catalogue: llama.cpp's file is hashed here (once
// per file version, cached in the state folder); an upstream's weights only its operator can state.
const weightsSha256 =
  config.weightsSha256 ??
  (config.engine === 'llama'
    ? (
        await hashWeightsFile(config.model, config.stateDir).catch((error: unknown) =>
          fail(`cannot hash ${config.model}: ${error instanceof Error ? error.message : String(error)}`, 1),
        )
      ).sha256
    : undefined);
const served = models
  .filter((m) => m.id === config.modelId)
  .map((m) => (weightsSha256 ? { ...m, weightsSha256 } : m));
if (served.length === 0) fail(`the ${config.engine} engine does not serve ${config.modelId}`, 1);
const interactive = process.stdout.isTTY && !config.quiet;
let lastPrinted = '';
let lastState = '';
let lastServed = 0;
const agent = createNodeAgent({
  coordinatorUrl: config.coordinator,
  account,
  nodeId,
  engine,
  gpu,
  maxConcurrency: config.maxConcurrency,
  version,
  models: served,
  suspendedRetry: config.suspendedRetry,
  logger: { info: (m, f) => log('info', m, f), warn: (m, f) => log('warn', m, f) },
  onStatus(status) {
    if (config.quiet) return;
    const line = formatStatusLine(status);
    if (interactive) {
      if (line !== lastPrinted) process.stdout.write(`\r\x1b[2K${line}`);
    } else if (status.state !== lastState || status.tasksServed !== lastServed) {
      // Without a terminal, print a line per state change and per finished task, not per token.
      process.stdout.write(`${line}\n`);
    }
    lastPrinted = line;
    lastState = status.state;
    lastServed = status.tasksServed;
  },
});

log('info', 'far-node starting', {
  version,
  nodeId,
  owner: account.address,
  coordinator: config.coordinator,
  engine: config.engine,
  model: config.modelId,
  weightsSha256,
  gpu,
  maxConcurrency: config.maxConcurrency,
});
agent.start();

let signals = 0;
const onSignal = (signal: NodeJS.Signals): void => {
  signals += 1;
  if (signals === 1) {
    log('info', `${signal}: draining (send again to stop now)`);
    void agent.drain();
  } else void agent.stop();
};
process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);

const exit = await agent.exited;
if (interactive) process.stdout.write('\n');
await engine.close().catch(() => {});
if (exit.kind === 'fatal') {
  fail(`the coordinator refused this node (${exit.errorCode ?? exit.closeCode}): ${exit.message}`, 3);
}
log('info', `far-node ${exit.kind}`);
process.exit(0);
