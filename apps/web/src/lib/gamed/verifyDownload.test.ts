import { describe, expect, it } from 'vitest';
import { sha256Hex, verifyDownload } from './verifyDownload';

const served = (bytes: Uint8Array) => async () => new Response(new Blob([bytes as BlobPart]));

describe('verifyDownload', () => {
  it('hashes like SHA-256', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('accepts the build whose hash is on chain, in either spelling', async () => {
    const build = new TextEncoder().encode('the build');
    const hash = await sha256Hex(build);
    expect((await verifyDownload('/d', `0x${hash.toUpperCase()}`, served(build))).matches).toBe(true);
  });

  it('fails a tampered build', async () => {
    const hash = await sha256Hex(new TextEncoder().encode('the build'));
    const result = await verifyDownload('/d', hash, served(new TextEncoder().encode('the bui1d')));
    expect(result.matches).toBe(false);
    expect(result.expected).toBe(hash);
  });

  it('says when the download was refused', async () => {
    await expect(verifyDownload('/d', 'ab', async () => new Response('no', { status: 403 }))).rejects.toThrow(
      /403/,
    );
  });
});
