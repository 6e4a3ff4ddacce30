/** One passage of a document, under the headings it sits in. */
export type DocumentChunk = { heading: string; content: string };

/** Aim for passages of about this many characters: a few paragraphs, a focused retrieval unit. */
const TARGET_CHARS = 1_200;
/** A paragraph longer than this is cut at sentence (or, failing that, word) boundaries. */
const MAX_PARAGRAPH_CHARS = 1_000;
/** Each passage repeats the end of the one before, so an answer split across them is found whole. */
const OVERLAP_CHARS = 200;

/**
 * Splits a Markdown or plain-text document into passages for retrieval: by heading first (each
 * passage carries its heading path, "Install › Linux", which ranks above the body), then by
 * paragraph up to about 1,200 characters (never over 1,300), with the last ~200 characters of a passage repeated at
 * the start of the next within the same section.
 *
 * @param text - the document's text (Markdown headings `#`…`######` are recognised).
 * @returns passages in document order; none for an empty document.
 * @example
 * chunkDocument('# Install\n\nRun npm install.') // [{ heading: 'Install', content: 'Run npm install.' }]
 */
export function chunkDocument(text: string): DocumentChunk[] {
  const chunks: DocumentChunk[] = [];
  for (const section of splitSections(text.replace(/\r\n?/g, '\n'))) {
    const paragraphs = section.body
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter((p) => p.length > 0)
      .flatMap(splitLongParagraph);
    let current = '';
    for (const paragraph of paragraphs) {
      if (current.length > 0 && current.length + paragraph.length + 2 > TARGET_CHARS) {
        chunks.push({ heading: section.heading, content: current });
        current = tailOf(current);
      }
      current = current.length > 0 ? `${current}\n\n${paragraph}` : paragraph;
    }
    if (current.length > 0) chunks.push({ heading: section.heading, content: current });
  }
  return chunks;
}

type Section = { heading: string; body: string };

/** Sections between headings, each with its heading path (parents first). */
function splitSections(text: string): Section[] {
  const sections: Section[] = [];
  const path: string[] = [];
  let body: string[] = [];
  let inFence = false;
  const flush = () => {
    sections.push({ heading: path.filter(Boolean).join(' › '), body: body.join('\n') });
    body = [];
  };
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      const level = (heading[1] as string).length;
      path.length = level - 1;
      path[level - 1] = (heading[2] as string).trim();
      continue;
    }
    body.push(line);
  }
  flush();
  return sections;
}

/** A paragraph over the limit, cut at sentence ends, or at spaces when a sentence is too long. */
function splitLongParagraph(paragraph: string): string[] {
  if (paragraph.length <= MAX_PARAGRAPH_CHARS) return [paragraph];
  const pieces: string[] = [];
  let rest = paragraph;
  while (rest.length > MAX_PARAGRAPH_CHARS) {
    const window = rest.slice(0, MAX_PARAGRAPH_CHARS);
    const sentenceEnd = Math.max(
      window.lastIndexOf('. '),
      window.lastIndexOf('? '),
      window.lastIndexOf('! '),
    );
    const space = window.lastIndexOf(' ');
    const cut =
      sentenceEnd > TARGET_CHARS / 2
        ? sentenceEnd + 1
        : space > TARGET_CHARS / 2
          ? space
          : MAX_PARAGRAPH_CHARS;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

/** The end of a passage to repeat at the start of the next, from a word boundary. */
function tailOf(passage: string): string {
  if (passage.length <= OVERLAP_CHARS) return passage;
  const tail = passage.slice(-OVERLAP_CHARS);
  const space = tail.indexOf(' ');
  return space >= 0 ? tail.slice(space + 1) : tail;
}
