import { ConfigError, parseConfig } from './config/parseConfig.js';
import { resolveEnvironment } from './config/resolveEnvironment.js';
import { writeDeploymentsJson } from './config/writeDeploymentsJson.js';
import { startTracing } from './observability/startTracing.js';
import { readFarRole } from './roles/farRole.js';
import { migrateDatabase } from './roles/migrateDatabase.js';
import { startWorker } from './roles/startWorker.js';
import { startApiServer } from './startApiServer.js';

// `far-api [all|api|worker|migrate]` (or FAR_ROLE): see roles/farRole.ts.
let role: ReturnType<typeof readFarRole>;
let config: ReturnType<typeof parseConfig>;
try {
  role = readFarRole(process.argv.slice(2), process.env);
  config = parseConfig(writeDeploymentsJson(resolveEnvironment(process.env)));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

if (role === 'migrate') {
  await migrateDatabase(config);
  console.log('migrations applied');
  process.exit(0);
}

const tracing = await startTracing(process.env, role);
let close: () => Promise<void>;
if (role === 'worker') {
  const worker = await startWorker(config, { onLost: () => process.exit(1) });
  close = () => worker.close();
} else {
  const server = await startApiServer(config, {}, { background: role === 'all' });
  // ECS gives a task 30 s after SIGTERM: requests in flight get 25 of them to finish.
  close = () => server.close({ drainMs: 25_000 });
}
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: draining and shutting down (${role})`);
    await close();
    await tracing?.shutdown();
    process.exit(0);
  });
}
