import { BaseError } from '../errors/BaseError.js';

/** Why a dispatched task failed on its node. */
export type NodeTaskFailureReason =
  | 'node_disconnected'
  | 'node_error'
  | 'node_timeout'
  | 'protocol_violation'
  | 'gateway_closed';

/**
 * A task failed on the node that was running it (HTTP 503: another attempt may succeed on another
 * node). `tokensDelivered` says how many tokens reached the caller before the failure, so billing
 * can charge only those.
 */
export class NodeTaskFailedError extends BaseError {
  override name = 'NodeTaskFailedError';
  readonly reason: NodeTaskFailureReason;
  readonly nodeId: string;
  readonly tokensDelivered: number;

  constructor(params: {
    reason: NodeTaskFailureReason;
    nodeId: string;
    tokensDelivered: number;
    message: string;
    nodeCode?: string;
  }) {
    super('service_unavailable', params.message, {
      details: {
        reason: params.reason,
        nodeId: params.nodeId,
        tokensDelivered: params.tokensDelivered,
        ...(params.nodeCode ? { nodeCode: params.nodeCode } : {}),
      },
    });
    this.reason = params.reason;
    this.nodeId = params.nodeId;
    this.tokensDelivered = params.tokensDelivered;
  }
}
