import {
  buildNodeJoinMessage,
  type ChallengeMessage,
  type HelloMessage,
  NODE_PROTOCOL_VERSION,
  type NodeGpuKind,
} from '@far/protocol';
import type { Engine, EngineModel } from '../engines/engine.js';

/** The signing half of a wallet account (a viem `LocalAccount` fits). */
export type AgentSigner = {
  address: `0x${string}`;
  signMessage(args: { message: string }): Promise<`0x${string}`>;
};

export type BuildHelloMessageParameters = {
  challenge: ChallengeMessage;
  /** The coordinator's base URL, as the node was told it: the signed message names it. */
  coordinatorUrl: string;
  nodeId: string;
  account: AgentSigner;
  gpu: { name: string; vramGb: number; kind: NodeGpuKind };
  engineKind: Engine['kind'];
  models: readonly EngineModel[];
  maxConcurrency: number;
  version: string;
};

/**
 * The node's answer to a challenge: its owner wallet signs the join message (this coordinator,
 * this node id, the challenge's nonce and time, so the signature cannot be replayed elsewhere), and
 * the hello advertises the GPU, the engine and the models it serves.
 *
 * @param parameters - the challenge, the node's identity, signer and capabilities.
 * @returns the hello message.
 * @example
 * send(await buildHelloMessage({ challenge, coordinatorUrl, nodeId, account, gpu, engineKind: 'llama', models, maxConcurrency: 1, version }));
 */
export async function buildHelloMessage(parameters: BuildHelloMessageParameters): Promise<HelloMessage> {
  const { challenge, account, nodeId } = parameters;
  const message = buildNodeJoinMessage({
    coordinatorUrl: parameters.coordinatorUrl,
    nodeId,
    owner: account.address,
    nonce: challenge.nonce,
    issuedAt: challenge.issuedAt,
    protocolVersion: NODE_PROTOCOL_VERSION,
  });
  const signature = await account.signMessage({ message });
  return {
    type: 'hello',
    protocolVersion: NODE_PROTOCOL_VERSION,
    nodeId,
    owner: account.address,
    signature,
    gpu: parameters.gpu,
    engine: parameters.engineKind,
    models: parameters.models.map((m) => ({
      id: m.id,
      ...(m.contextLength === undefined ? {} : { contextLength: m.contextLength }),
      // Only when announced, so a chat-only hello stays what coordinators before embeddings accept.
      ...(m.capabilities ? { capabilities: m.capabilities } : {}),
      ...(m.weightsSha256 ? { weightsSha256: m.weightsSha256 } : {}),
    })),
    maxConcurrency: parameters.maxConcurrency,
    version: parameters.version,
  };
}
