import { devAccount, farTokenAbi, nodeBondAbi, nodeBondKey } from '@far/contracts';
import { NodeCloseCode } from '@far/protocol';
import { type Address, parseEther, toHex } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeBondGate } from '../src/bonds/createNodeBondGate.js';
import { type ChainTestbed, createChainTestbed } from './support/createChainTestbed.js';
import { useNodeGatewayFixtures } from './support/nodeGatewayFixtures.js';
import { connectTestNode, signedHello } from './support/testNodeClient.js';

const fx = useNodeGatewayFixtures();

describe('node join on a bond (NodeBond on a real in-process chain)', () => {
  let bed: ChainTestbed;
  beforeAll(async () => {
    bed = await createChainTestbed(undefined, { nodeBonds: true });
  });

  const nodeBond = () => {
    const address = bed.deployments.contracts.nodeBond;
    if (!address) throw new Error('NodeBond not deployed');
    return address;
  };
  /** The private key of the testbed user `index` (Hardhat dev account index + 2). */
  const keyOf = (index: number) => toHex(devAccount(index + 2).getHdKey().privateKey as Uint8Array);
  const bond = async (owner: Address, nodeId: string, vramClass: number, amount: bigint) => {
    await bed.send(owner, {
      address: bed.deployments.contracts.farToken,
      abi: farTokenAbi,
      functionName: 'approve',
      args: [nodeBond(), amount],
    });
    await bed.send(owner, {
      address: nodeBond(),
      abi: nodeBondAbi,
      functionName: 'bond',
      args: [nodeBondKey(nodeId), vramClass, amount],
    });
  };
  const startBondedGateway = () =>
    fx.startGateway({
      bondGate: createNodeBondGate({ publicClient: bed.publicClient, nodeBond: nodeBond() }),
    });
  /** Sends a signed hello for `nodeId` with 24 GB of VRAM and returns the refusal, if any. */
  const tryJoin = async (
    env: Awaited<ReturnType<typeof startBondedGateway>>,
    key: `0x${string}`,
    nodeId: string,
  ) => {
    const { privateKeyToAccount } = await import('viem/accounts');
    const client = await connectTestNode(env.wsUrl);
    fx.clients.push(client);
    client.send(
      await signedHello({
        account: privateKeyToAccount(key),
        challenge: client.challenge,
        coordinatorUrl: env.publicUrl,
        nodeId,
      }),
    );
    return client;
  };

  it('refuses a node whose owner has not bonded, with close code 4011 and what to bond', async () => {
    const env = await startBondedGateway();
    const client = await tryJoin(env, keyOf(0), 'unbonded-node');
    const error = await client.next('error');
    expect(error).toMatchObject({ code: 'bond_required' });
    expect(String(error.message)).toContain('needs 500 FAR bonded');
    expect(await client.closed).toBe(NodeCloseCode.bondRequired);
    expect(env.gateway.registry.get('unbonded-node')).toBeUndefined();
  });

  it('refuses a bond for a smaller VRAM class than the node claims, and one bonded for another node id', async () => {
    const env = await startBondedGateway();
    const owner = bed.users[1] as Address;
    await bond(owner, 'small-bond', 0, parseEther('100'));
    const small = await tryJoin(env, keyOf(1), 'small-bond');
    expect(String((await small.next('error')).message)).toContain('the bond claims VRAM class ≤ 8 GB');
    expect(await small.closed).toBe(NodeCloseCode.bondRequired);
    // A bond names one node id: another node of the same owner is not covered by it.
    await bond(owner, 'bonded-elsewhere', 2, parseEther('500'));
    const other = await tryJoin(env, keyOf(1), 'not-the-bonded-id');
    expect(await other.closed).toBe(NodeCloseCode.bondRequired);
  });

  it('admits the node once its owner bonded the minimum for its VRAM class', async () => {
    const env = await startBondedGateway();
    const owner = bed.users[2] as Address;
    await bond(owner, 'bonded-node', 2, parseEther('500'));
    const { welcome } = await fx.joinNode(env, { key: keyOf(2), nodeId: 'bonded-node' });
    expect(welcome).toMatchObject({ nodeId: 'bonded-node' });
    expect(env.gateway.registry.get('bonded-node')?.models.map((m) => m.id)).toEqual(['far-demo']);
  });
});
