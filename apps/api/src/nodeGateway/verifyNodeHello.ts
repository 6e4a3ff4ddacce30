import { buildNodeJoinMessage, type HelloMessage } from '@far/protocol';
import { verifyMessage } from 'viem';

export type VerifyNodeHelloParameters = {
  hello: HelloMessage;
  /** The nonce this coordinator sent on this connection. */
  nonce: string;
  issuedAt: string;
  /** This coordinator's public URL, as nodes address it. */
  publicUrl: string;
};

/**
 * Checks that `hello.signature` is the claimed owner's EIP-191 signature of the join message for
 * this coordinator, this connection's nonce, and this node id.
 *
 * @returns true when the signature recovers to `hello.owner`.
 */
export async function verifyNodeHello(params: VerifyNodeHelloParameters): Promise<boolean> {
  const { hello } = params;
  const message = buildNodeJoinMessage({
    coordinatorUrl: params.publicUrl,
    nodeId: hello.nodeId,
    owner: hello.owner,
    nonce: params.nonce,
    issuedAt: params.issuedAt,
    protocolVersion: hello.protocolVersion,
  });
  try {
    return await verifyMessage({
      address: hello.owner as `0x${string}`,
      message,
      signature: hello.signature as `0x${string}`,
    });
  } catch {
    // A malformed signature (bad v, point not on the curve) is simply not a valid one.
    return false;
  }
}
