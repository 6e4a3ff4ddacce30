import { type Hex, keccak256, parseEther, toHex } from 'viem';
import { describe, expect, it } from 'vitest';
import { expectRevert } from './support/deployFixture.js';
import { eventOf, type GameLicensesTestbed, useGameLicensesTestbed } from './support/gameLicensesTestbed.js';

/* The catalogue: studios register games with a bounded royalty and publish builds whose SHA-256 anyone reads. */
describe('GameLicenses catalogue', () => {
  let t: GameLicensesTestbed;
  useGameLicensesTestbed((testbed) => {
    t = testbed;
  });
  const hash = (text: string): Hex => keccak256(toHex(text));

  it('registers a game with its studio, price, royalty (EIP-2981) and metadata URI', async () => {
    const gameId = await t.register(parseEther('10'), 750, true);
    expect(await t.f.read({ ...t.licenses, functionName: 'games', args: [gameId] })).toEqual([
      t.studio,
      parseEther('10'),
      750,
      true,
    ]);
    expect(await t.f.read({ ...t.licenses, functionName: 'royaltyInfo', args: [gameId, 10_000n] })).toEqual([
      t.studio,
      750n,
    ]);
    expect(await t.f.read({ ...t.licenses, functionName: 'uri', args: [gameId] })).toBe('ipfs://game');
    // ERC-1155 0xd9b67a26 and EIP-2981 0x2a55205a.
    for (const id of ['0xd9b67a26', '0x2a55205a'] as const)
      expect(await t.f.read({ ...t.licenses, functionName: 'supportsInterface', args: [id] })).toBe(true);
  });

  it('refuses a royalty above 10 %', async () => {
    await expectRevert(t.register(1n, 1_001), 'RoyaltyTooHigh');
  });

  it('publishes builds per platform, versioned, readable as buildHash; only the studio may', async () => {
    const gameId = await t.register(1n);
    const publish = (from: `0x${string}`, platform: number, sha: Hex) =>
      t.f.write(from, {
        ...t.licenses,
        functionName: 'publishBuild',
        args: [gameId, platform, sha, 1_024n, 'far://builds/1'],
      });
    expect(eventOf(await publish(t.studio, 2, hash('v1')), 'BuildPublished')).toMatchObject({
      gameId,
      platform: 2,
      version: 1,
      sha256Hash: hash('v1'),
      sizeBytes: 1_024n,
    });
    expect(eventOf(await publish(t.studio, 2, hash('v2')), 'BuildPublished').version).toBe(2);
    expect(await t.f.read({ ...t.licenses, functionName: 'buildHash', args: [gameId, 2] })).toBe(hash('v2'));
    expect(await t.f.read({ ...t.licenses, functionName: 'buildHash', args: [gameId, 0] })).toBe(
      `0x${'0'.repeat(64)}`,
    );
    await expectRevert(publish(t.alice, 2, hash('evil')), 'NotStudio');
    await expectRevert(publish(t.studio, 4, hash('v3')), 'UnknownPlatform');
    await expectRevert(publish(t.studio, 0, `0x${'0'.repeat(64)}`), 'EmptyBuild');
  });

  it('keeps price and metadata changes to the studio', async () => {
    const gameId = await t.register(1n);
    await expectRevert(
      t.f.write(t.alice, { ...t.licenses, functionName: 'setPrice', args: [gameId, 0n] }),
      'NotStudio',
    );
    await t.f.write(t.studio, { ...t.licenses, functionName: 'setMetadataUri', args: [gameId, 'ipfs://v2'] });
    expect(await t.f.read({ ...t.licenses, functionName: 'uri', args: [gameId] })).toBe('ipfs://v2');
    await expectRevert(t.buy(t.alice, 99n, 1n), 'UnknownGame');
  });
});
