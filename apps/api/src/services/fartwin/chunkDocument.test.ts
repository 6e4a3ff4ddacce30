import { describe, expect, it } from 'vitest';
import { chunkDocument } from './chunkDocument.js';

describe('chunkDocument', () => {
  it('keeps the heading path of each passage', () => {
    const chunks = chunkDocument('# Install\n\nIntro.\n\n## Linux\n\nRun apt.\n\n## macOS\n\nRun brew.');
    expect(chunks).toEqual([
      { heading: 'Install', content: 'Intro.' },
      { heading: 'Install › Linux', content: 'Run apt.' },
      { heading: 'Install › macOS', content: 'Run brew.' },
    ]);
  });

  it('does not read a # line inside a code fence as a heading', () => {
    const chunks = chunkDocument('# Shell\n\n```sh\n# a comment\necho hi\n```');
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.content).toContain('# a comment');
  });

  it('splits a long section into passages that overlap', () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} ${'word '.repeat(40)}end${i}.`);
    const chunks = chunkDocument(paragraphs.join('\n\n'));
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk.content.length).toBeLessThanOrEqual(1_300);
    for (const [i, chunk] of chunks.entries()) {
      if (i === 0) continue;
      const previous = chunks[i - 1]?.content ?? '';
      expect(previous.endsWith(chunk.content.slice(0, 50))).toBe(false);
      expect(previous).toContain(chunk.content.split('\n\n')[0]?.slice(0, 40) ?? '');
    }
    const all = chunks.map((c) => c.content).join(' ');
    for (let i = 0; i < 12; i++) expect(all).toContain(`end${i}.`);
  });

  it('cuts a paragraph longer than the limit and makes nothing of an empty document', () => {
    const long = 'A sentence that goes on. '.repeat(200);
    expect(chunkDocument(long).every((c) => c.content.length <= 1_300)).toBe(true);
    expect(chunkDocument('  \n\n  ')).toEqual([]);
  });
});
