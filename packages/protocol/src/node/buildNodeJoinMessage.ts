import { NODE_PROTOCOL_VERSION } from './nodeProtocolLimits.js';

export type BuildNodeJoinMessageParameters = {
  /** The coordinator as the node addresses it; reduced to its http(s) origin. */
  coordinatorUrl: string;
  nodeId: string;
  owner: string;
  nonce: string;
  issuedAt: string;
  protocolVersion?: number;
};

/**
 * The exact text a node signs (EIP-191 personal_sign) to join a coordinator. It names the
 * coordinator's origin so a signature captured by one coordinator cannot be replayed to another,
 * and the nonce so it cannot be replayed to the same one.
 *
 * @param params - the challenge fields and the node's identity.
 * @returns lines joined by `\n`, no trailing newline.
 * @example
 * buildNodeJoinMessage({ coordinatorUrl: 'wss://api.far.ai', nodeId: 'n1', owner: '0xAb…', nonce, issuedAt })
 * // "Far Labs node join\nCoordinator: https://api.far.ai\nNode ID: n1\nOwner: 0xab…\nNonce: …\nIssued At: …\nProtocol: 2"
 */
export function buildNodeJoinMessage(params: BuildNodeJoinMessageParameters): string {
  return [
    'Far Labs node join',
    `Coordinator: ${toCoordinatorOrigin(params.coordinatorUrl)}`,
    `Node ID: ${params.nodeId}`,
    `Owner: ${params.owner.toLowerCase()}`,
    `Nonce: ${params.nonce}`,
    `Issued At: ${params.issuedAt}`,
    `Protocol: ${params.protocolVersion ?? NODE_PROTOCOL_VERSION}`,
  ].join('\n');
}

/**
 * The origin both sides put in the join message: WebSocket schemes map to their HTTP twins, so
 * `ws://host:1/x` and `http://host:1` name the same coordinator.
 *
 * @param url - an http, https, ws or wss URL.
 * @returns e.g. `https://api.far.ai` (default ports dropped, host lower-cased).
 */
export function toCoordinatorOrigin(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol === 'ws:') parsed.protocol = 'http:';
  else if (parsed.protocol === 'wss:') parsed.protocol = 'https:';
  else if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`coordinator URL must be http(s) or ws(s), got ${parsed.protocol}`);
  }
  return parsed.origin;
}
