import {
  adminActionDomain,
  adminActionParamsHash,
  adminActionPrimaryType,
  adminActionTypes,
  type Deployments,
  devAccount,
} from '@far/contracts';
import type { OperatorRoleName } from '@far/db';
import type { Address, Hex, PublicClient } from 'viem';
import { adminRoutes } from '../../src/admin/adminRoutes.js';
import { grantOperatorRole } from '../../src/admin/grantOperatorRole.js';
import { signAccessToken } from '../../src/auth/accessToken.js';
import { createDbNonceStore } from '../../src/auth/nonceStore.js';
import { upsertUser } from '../../src/auth/upsertUser.js';
import { createInMemoryNodeRegistry } from '../../src/nodes/nodeRegistry.js';
import { createTestApp, TEST_JWT_SECRET } from './createTestApp.js';

/** A dev account signed in to the console under one role. */
export type ConsoleOperator = {
  /** Its index among the unlocked dev accounts (its signer is `devAccount(index)`). */
  index: number;
  address: Address;
  headers: Record<string, string>;
};

/** What a console chain action's intent carries to prove the operator signed it just now. */
export type FreshAdminSignature = { signature: Hex; nonce: string; issuedAt: number };

/**
 * The operator console over a chain, for the console's chain-action tests: the app with the admin
 * routes on `deployments`, dev accounts signed in under a console role, and fresh EIP-712
 * signatures of an action as the console's wallet would make them.
 *
 * @param options - the chain client and the contracts the console acts on.
 * @returns the test app, `signInAs`, `freshSignature`, `post` and `close()`.
 * @example
 * const bed = await createChainTestbed();
 * const console = await createConsoleTestbed({ chain: bed.publicClient, deployments: bed.deployments });
 * const operator = await console.signInAs(15, 'operator');
 * const fresh = await console.freshSignature(operator, 'contract.pause', 'farStaking', {}, 'incident');
 */
export async function createConsoleTestbed(options: { chain: PublicClient; deployments: Deployments }) {
  const { chain, deployments } = options;
  const testApp = await createTestApp({}, (db) => (root, { requireCaller }) => {
    root.route(
      '/',
      adminRoutes({
        db,
        requireCaller,
        nonces: createDbNonceStore(db),
        chainId: deployments.chainId,
        registry: createInMemoryNodeRegistry(),
        chain,
        deployments,
      }),
    );
  });

  /** Gives dev account `index` the console role `role` and signs it in. */
  const signInAs = async (index: number, role: OperatorRoleName): Promise<ConsoleOperator> => {
    const address = devAccount(index).address;
    const wallet = address.toLowerCase() as `0x${string}`;
    const user = await upsertUser(testApp.db, wallet);
    await grantOperatorRole(testApp.db, { walletAddress: wallet, role, grantedBy: 'system' });
    const { token } = await signAccessToken(TEST_JWT_SECRET, { userId: user.id, walletAddress: wallet });
    return {
      index,
      address,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    };
  };

  /** `as` signs `action` on `target` with `params` and `reason` over a nonce the API just issued. */
  const freshSignature = async (
    as: ConsoleOperator,
    action: string,
    target: string,
    params: Record<string, string>,
    reason: string,
  ): Promise<FreshAdminSignature> => {
    const response = await testApp.app.request('/api/admin/signature-nonce', { headers: as.headers });
    const { nonce } = (await response.json()) as { nonce: string };
    const issuedAt = Math.floor(Date.now() / 1000);
    const signature = await devAccount(as.index).signTypedData({
      domain: adminActionDomain(deployments.chainId),
      types: adminActionTypes,
      primaryType: adminActionPrimaryType,
      message: {
        action,
        target,
        paramsHash: adminActionParamsHash(params),
        reason,
        nonce,
        issuedAt: BigInt(issuedAt),
      },
    });
    return { signature, nonce, issuedAt };
  };

  return {
    testApp,
    signInAs,
    freshSignature,
    /** POSTs `body` as JSON with `as`'s session. */
    post: (as: ConsoleOperator, path: string, body: unknown) =>
      testApp.app.request(path, { method: 'POST', headers: as.headers, body: JSON.stringify(body) }),
    close: () => testApp.close(),
  };
}

export type ConsoleTestbed = Awaited<ReturnType<typeof createConsoleTestbed>>;
