import {
  type Address,
  encodeFunctionData,
  type Hex,
  parseEther,
  stringToHex,
  toFunctionSelector,
  zeroHash,
} from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { readArtifact } from '../scripts/contractArtifacts.js';
import { tournamentPoolAbi } from '../src/abi/tournamentPoolAbi.js';
import { tournamentPoolBytecode } from '../src/bytecode/tournamentPoolBytecode.js';
import { signTournamentResult } from '../src/signTournamentResult.js';
import { tournamentPoolDomain } from '../src/tournamentPoolDomain.js';
import { deployFixture, type Fixture } from './support/deployFixture.js';
import { gameServer } from './support/tournamentTestbed.js';

const REENTRANT_CALL = toFunctionSelector('ReentrancyGuardReentrantCall()');
const FEE = parseEther('10');

// A token with a receive hook (FAR has none) hands the attacker control in the middle of a payment: it
// must not get a second prize or refund, whichever pool function it calls back.
describe('TournamentPool under reentrancy', () => {
  let f: Fixture;
  let token: { address: Address; abi: Awaited<ReturnType<typeof readArtifact>>['abi'] };
  let pool: { address: Address; abi: typeof tournamentPoolAbi };
  let attacker: { address: Address; abi: Awaited<ReturnType<typeof readArtifact>>['abi'] };

  const deploy = async (abi: unknown, bytecode: Hex, args: unknown[]) => {
    const hash = await f.chain
      .walletFor(f.admin)
      .deployContract({ abi: abi as never, bytecode, args: args as never });
    const receipt = await f.chain.publicClient.waitForTransactionReceipt({ hash });
    if (!receipt.contractAddress) throw new Error('no contract');
    return receipt.contractAddress;
  };
  const call = (
    from: Address,
    target: { address: Address; abi: unknown },
    functionName: string,
    args: unknown[],
  ) =>
    f.chain
      .walletFor(from)
      .writeContract({ ...target, functionName, args } as never)
      .then((hash) => f.chain.publicClient.waitForTransactionReceipt({ hash }));
  const tokenBalance = (account: Address) =>
    f.read({
      address: token.address,
      abi: token.abi,
      functionName: 'balanceOf',
      args: [account],
    }) as Promise<bigint>;
  const viaAttacker = (functionName: 'enter' | 'claim' | 'refund', id: bigint) =>
    call(f.admin, attacker, 'act', [
      encodeFunctionData({ abi: tournamentPoolAbi, functionName, args: [id] }),
    ]);

  beforeAll(async () => {
    f = await deployFixture();
    const hooked = await readArtifact('testing/HookedPrizeToken', 'HookedPrizeToken');
    token = { address: await deploy(hooked.abi, hooked.bytecode as Hex, []), abi: hooked.abi };
    // No stakers' share, so the pool never calls FARStaking with a token it does not take.
    const poolAddress = await deploy(tournamentPoolAbi, tournamentPoolBytecode, [
      token.address,
      f.staking.address,
      f.treasury,
      f.admin,
      1_000,
      0,
    ]);
    pool = { address: poolAddress, abi: tournamentPoolAbi };
    await call(f.admin, pool, 'setGameServer', [gameServer.address, true]);
    const entrant = await readArtifact('testing/ReentrantEntrant', 'ReentrantEntrant');
    attacker = {
      address: await deploy(entrant.abi, entrant.bytecode as Hex, [pool.address, token.address]),
      abi: entrant.abi,
    };
    await call(f.admin, token, 'watch', [attacker.address]);
    for (const wallet of [attacker.address, f.user(1)])
      await call(f.admin, token, 'transfer', [wallet, parseEther('1000')]);
    await call(f.user(1), token, 'approve', [pool.address, parseEther('1000')]);
  });

  async function tournament(minPlayers: number) {
    const now = await f.chain.latestTimestamp();
    await call(f.user(0), pool, 'createTournament', [
      {
        gameServer: gameServer.address,
        entryFee: FEE,
        startTime: Number(now + 60n),
        endTime: Number(now + 3660n),
        minPlayers,
        maxPlayers: 8,
        disputeWindow: 3600,
        modeId: stringToHex('classic', { size: 32 }),
        metadataHash: zeroHash,
        prizeBps: [7000, 3000],
      },
    ]);
    const id = await f.read({ ...pool, functionName: 'tournamentCount' });
    await viaAttacker('enter', id);
    await call(f.user(1), pool, 'enter', [id]);
    await f.chain.increaseTime(3700n);
    return id;
  }
  const expectBlockedReentry = async () => {
    expect(await f.read({ address: attacker.address, abi: attacker.abi, functionName: 'reentered' })).toBe(
      true,
    );
    expect(
      await f.read({ address: attacker.address, abi: attacker.abi, functionName: 'reentrySucceeded' }),
    ).toBe(false);
    const revert = (await f.read({
      address: attacker.address,
      abi: attacker.abi,
      functionName: 'reentryRevert',
    })) as Hex;
    expect(revert.slice(0, 10)).toBe(REENTRANT_CALL);
  };

  it('pays a re-entering winner its prize once', async () => {
    const id = await tournament(2);
    const ranking = [attacker.address, f.user(1)];
    const signature = await signTournamentResult(
      gameServer.signTypedData,
      tournamentPoolDomain(31337, pool.address),
      { tournamentId: id, ranking },
    );
    await call(f.admin, pool, 'submitResults', [id, ranking, signature]);
    await f.chain.increaseTime(3600n);
    await call(f.admin, attacker, 'setReentry', [
      encodeFunctionData({ abi: tournamentPoolAbi, functionName: 'claim', args: [id] }),
    ]);
    const before = await tokenBalance(attacker.address);
    await viaAttacker('claim', id);
    await expectBlockedReentry();
    // 20 FAR pool, 10 % fee, 70 % of 18 FAR.
    expect(await tokenBalance(attacker.address)).toBe(before + parseEther('12.6'));
  });

  it('refunds a re-entering entrant once', async () => {
    const id = await tournament(3);
    await call(f.admin, attacker, 'setReentry', [
      encodeFunctionData({ abi: tournamentPoolAbi, functionName: 'refund', args: [id] }),
    ]);
    const before = await tokenBalance(attacker.address);
    await viaAttacker('refund', id);
    await expectBlockedReentry();
    expect(await tokenBalance(attacker.address)).toBe(before + FEE);
  });
});
