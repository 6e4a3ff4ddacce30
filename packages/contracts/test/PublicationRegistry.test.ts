/**
 * PublicationRegistry: the first anchor of a SHA-256 wins and records its block time and anchorer; a
 * file changed by one byte hashes differently and is not anchored; only allowed recorders anchor for
 * someone else.
 */
import { type Address, bytesToHex, hexToBytes, sha256, stringToBytes } from 'viem';
import { describe, expect, it } from 'vitest';
import { expectRevert } from './support/deployFixture.js';
import { type ResearchFixture, useResearchTestbed } from './support/researchEscrowTestbed.js';

describe('PublicationRegistry', () => {
  let f: ResearchFixture;
  useResearchTestbed((fixture) => {
    f = fixture;
  });
  const anchor = (from: Address, hash: `0x${string}`, title = 'On sparse attention') =>
    f.write(from, {
      ...f.registry,
      functionName: 'anchor',
      args: [hash, title, 'A. Researcher, B. Colleague', '10.1234/far.5678', 'ipfs://paper'],
    });
  const anchorOf = (hash: `0x${string}`) => f.read({ ...f.registry, functionName: 'anchorOf', args: [hash] });

  it('records the anchorer, block timestamp and metadata; a one-byte change is a different, unanchored hash', async () => {
    const paper = stringToBytes('We measured 42 things, carefully.');
    const hash = sha256(paper);
    await f.chain.setNextBlockTimestamp((await f.chain.latestTimestamp()) + 100n);
    const receipt = await anchor(f.researcher, hash);
    const block = await f.chain.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    const record = await anchorOf(hash);
    expect(record).toMatchObject({
      anchorer: f.researcher,
      anchoredAt: block.timestamp,
      blockNumber: receipt.blockNumber,
      title: 'On sparse attention',
      doi: '10.1234/far.5678',
      uri: 'ipfs://paper',
    });
    const tampered = hexToBytes(bytesToHex(paper));
    tampered[tampered.length - 2] = (tampered[tampered.length - 2] ?? 0) ^ 1;
    const tamperedHash = sha256(tampered);
    expect(tamperedHash).not.toBe(hash);
    expect(await f.read({ ...f.registry, functionName: 'isAnchored', args: [tamperedHash] })).toBe(false);
    expect((await anchorOf(tamperedHash)).anchoredAt).toBe(0n);
  });

  it('the first anchor wins: anchoring the same hash again is refused, whoever tries', async () => {
    const hash = sha256(stringToBytes('data set v1'));
    await anchor(f.researcher, hash);
    await expectRevert(anchor(f.outsider, hash, 'stolen'), 'AlreadyAnchored');
    await expectRevert(anchor(f.researcher, hash), 'AlreadyAnchored');
    expect((await anchorOf(hash)).anchorer).toBe(f.researcher);
  });

  it('refuses the zero hash, oversized metadata, and anchorFor from anyone but an allowed recorder', async () => {
    await expectRevert(anchor(f.researcher, `0x${'0'.repeat(64)}`), 'ZeroHash');
    await expectRevert(anchor(f.researcher, sha256(stringToBytes('t')), 'x'.repeat(301)), 'MetadataTooLong');
    await expectRevert(
      f.write(f.outsider, {
        ...f.registry,
        functionName: 'anchorFor',
        args: [sha256(stringToBytes('framed')), f.researcher, 't', 'a', '', 'u'],
      }),
      'NotRecorder',
    );
    expect(await f.read({ ...f.registry, functionName: 'isRecorder', args: [f.escrow.address] })).toBe(true);
  });
});
