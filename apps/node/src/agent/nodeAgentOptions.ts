import type { NodeGpuKind } from '@far/protocol';
import type { Engine, EngineModel } from '../engines/engine.js';
import type { AgentLogger } from './agentLogger.js';
import type { AgentSigner } from './buildHelloMessage.js';
import type { BackoffOptions } from './computeBackoffDelay.js';
import type { SuspendedRetryOptions } from './computeSuspendedRetryDelay.js';
import type { AgentStatus } from './formatStatusLine.js';

/** What a far-node agent is: where it connects, who owns it, what it runs and advertises. */
export type NodeAgentOptions = {
  /** The coordinator's base URL (http(s) or ws(s)); the agent connects to `<url>/v1/nodes/connect`. */
  coordinatorUrl: string;
  account: AgentSigner;
  nodeId: string;
  engine: Engine;
  gpu: { name: string; vramGb: number; kind: NodeGpuKind };
  maxConcurrency: number;
  /** Agent software version, reported in `hello`. */
  version: string;
  /** Models to advertise; default: `engine.listModels()`. */
  models?: EngineModel[];
  backoff?: BackoffOptions;
  /** How often a suspended node tries to join again (default 30 s, doubling to 5 min). */
  suspendedRetry?: SuspendedRetryOptions;
  logger?: AgentLogger;
  /** Called on every status change (connection, task start/end, heartbeat acknowledgement). */
  onStatus?: (status: AgentStatus) => void;
};
