import { encodeFunctionData, parseAbi, parseEther, toFunctionSelector, zeroAddress } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { farTokenAbi } from '../src/abi/farTokenAbi.js';
import { farTokenBytecode } from '../src/bytecode/farTokenBytecode.js';
import { farTokenDomain } from '../src/farTokenDomain.js';
import { type SignedPermit, signPermit } from '../src/signPermit.js';
import { deployFixture, expectRevert, type Fixture } from './support/deployFixture.js';

const SUPPLY = 10n ** 27n;

describe('FARToken', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await deployFixture();
  });

  it('is "Far Labs Token" / FAR with 18 decimals and a fixed 1e27 supply', async () => {
    expect(await f.read({ ...f.token, functionName: 'name' })).toBe('Far Labs Token');
    expect(await f.read({ ...f.token, functionName: 'symbol' })).toBe('FAR');
    expect(await f.read({ ...f.token, functionName: 'decimals' })).toBe(18);
    expect(await f.read({ ...f.token, functionName: 'totalSupply' })).toBe(SUPPLY);
    expect(await f.read({ ...f.token, functionName: 'TOTAL_SUPPLY' })).toBe(SUPPLY);
  });

  it('mints the whole supply to the distribution address at deployment', async () => {
    const fresh = await f.chain.publicClient.waitForTransactionReceipt({
      hash: await f.chain.walletFor(f.admin).deployContract({
        abi: farTokenAbi,
        bytecode: farTokenBytecode,
        args: [f.user(5)],
      }),
    });
    const address = fresh.contractAddress as `0x${string}`;
    expect(await f.read({ address, abi: farTokenAbi, functionName: 'balanceOf', args: [f.user(5)] })).toBe(
      SUPPLY,
    );
    expect(await f.read({ address, abi: farTokenAbi, functionName: 'balanceOf', args: [f.admin] })).toBe(0n);
  });

  it('rejects a zero distribution address', async () => {
    const attempt = f.chain.walletFor(f.admin).deployContract({
      abi: farTokenAbi,
      bytecode: farTokenBytecode,
      args: [zeroAddress],
    });
    await expect(attempt).rejects.toThrow(/ZeroDistributionAddress/);
  });

  it('has no way to mint: no mint function in the ABI and a mint call reverts', async () => {
    expect(farTokenAbi.some((item) => item.type === 'function' && /mint/i.test(item.name))).toBe(false);
    const mintSelector = toFunctionSelector('mint(address,uint256)');
    const code = await f.chain.publicClient.getCode({ address: f.token.address });
    expect(code?.includes(mintSelector.slice(2))).toBe(false);
    const data = encodeFunctionData({
      abi: parseAbi(['function mint(address to, uint256 amount)']),
      functionName: 'mint',
      args: [f.admin, parseEther('1')],
    });
    await expect(f.chain.walletFor(f.admin).sendTransaction({ to: f.token.address, data })).rejects.toThrow();
    expect(await f.read({ ...f.token, functionName: 'totalSupply' })).toBe(SUPPLY);
  });

  it('burns from the holder and, with allowance, from others; supply only shrinks', async () => {
    const [alice, bob] = f.users as [`0x${string}`, `0x${string}`];
    const snapshot = await f.chain.snapshot();
    await f.write(alice, { ...f.token, functionName: 'burn', args: [parseEther('10')] });
    expect(await f.read({ ...f.token, functionName: 'totalSupply' })).toBe(SUPPLY - parseEther('10'));
    await expectRevert(
      f.write(bob, { ...f.token, functionName: 'burnFrom', args: [alice, parseEther('1')] }),
      'ERC20InsufficientAllowance',
    );
    await f.approve(alice, bob, parseEther('1'));
    await f.write(bob, { ...f.token, functionName: 'burnFrom', args: [alice, parseEther('1')] });
    expect(await f.balanceOf(alice)).toBe(parseEther('1000000') - parseEther('11'));
    await f.chain.revert(snapshot);
  });

  it('accepts EIP-2612 permits and rejects expired or forged ones', async () => {
    const [alice, bob] = f.users as [`0x${string}`, `0x${string}`];
    const wallet = f.chain.walletFor(alice);
    const latest = await f.chain.latestTimestamp();
    const sign = (deadline: bigint, nonce: bigint, signer = wallet) =>
      signPermit(signer.signTypedData, farTokenDomain(31337, f.token.address), {
        owner: alice,
        spender: bob,
        value: 123n,
        nonce,
        deadline,
      });
    const permit = async ({ v, r, s }: SignedPermit, deadline: bigint) => {
      return f.write(bob, {
        ...f.token,
        functionName: 'permit',
        args: [alice, bob, 123n, deadline, v, r, s],
      });
    };
    await expectRevert(permit(await sign(latest - 1n, 0n), latest - 1n), 'ERC2612ExpiredSignature');
    await expectRevert(
      permit(await sign(latest + 3600n, 0n, f.chain.walletFor(bob)), latest + 3600n),
      'ERC2612InvalidSigner',
    );
    await permit(await sign(latest + 3600n, 0n), latest + 3600n);
    expect(await f.read({ ...f.token, functionName: 'allowance', args: [alice, bob] })).toBe(123n);
    expect(await f.read({ ...f.token, functionName: 'nonces', args: [alice] })).toBe(1n);
  });
});
