import { INFERENCE_LIMITS } from '../inference/inferenceLimits.js';

/**
 * The wire protocol version a node announces in `hello`; the coordinator refuses others (close
 * 4002, `unsupported_version`). Version 2 added `task.tokens`, several tokens in one frame.
 */
export const NODE_PROTOCOL_VERSION = 2;

/** The path a node connects to, relative to the coordinator's public URL. */
export const NODE_CONNECT_PATH = '/v1/nodes/connect';

/**
 * Upper bounds on every field of the node protocol. Both sides enforce them: the coordinator so a
 * hostile node cannot exhaust its memory, the node so a compromised coordinator cannot either. A
 * `task.assign` carries an inference request, so the request's own bounds are part of them.
 */
export const NODE_PROTOCOL_LIMITS = {
  ...INFERENCE_LIMITS,
  /** Largest WebSocket frame either side accepts, in bytes. */
  maxFrameBytes: 1024 * 1024,
  maxNodeIdLength: 64,
  maxModels: 32,
  maxGpuNameLength: 128,
  maxVramGb: 16_384,
  maxConcurrency: 256,
  maxContextLength: 10_000_000,
  maxVersionLength: 64,
  maxTaskIdLength: 64,
  /** Characters of one `task.token` text: one model token, generously bounded for multi-byte pieces. */
  maxTokenTextLength: 1024,
  /** Tokens in one `task.tokens` frame. */
  maxTokensPerFrame: 512,
  maxErrorCodeLength: 64,
  maxErrorMessageLength: 1024,
  maxTokensPerSecond: 1_000_000,
  /** Largest token count a node may claim for one task (prompt or completion). */
  maxUsageTokens: 100_000_000,
  maxHeartbeatIntervalMs: 300_000,
} as const;
