import { isStorableText, toStorableText } from '@far/protocol';
import { KnowledgeUploadError } from './KnowledgeUploadError.js';

/** The largest document a twin takes: 512 KiB (the API's body limit is 1 MiB). */
export const MAX_DOCUMENT_BYTES = 512 * 1024;

/** Media types a twin reads, with the file extensions that imply them. */
const readableTypes: Record<string, 'markdown' | 'text' | 'pdf'> = {
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/plain': 'text',
  'application/pdf': 'pdf',
};
const extensions: Record<string, string> = {
  md: 'text/markdown',
  markdown: 'text/markdown',
  txt: 'text/plain',
  pdf: 'application/pdf',
};

/**
 * The media type of an upload: the declared one when the twin reads it, else the one its file name
 * implies (browsers send Markdown as `application/octet-stream` or nothing).
 *
 * @throws KnowledgeUploadError `unsupported_type`.
 */
export function documentMediaType(declared: string, fileName: string): string {
  const type = declared.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type in readableTypes) return type;
  const extension = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const implied = extensions[extension];
  if (implied) return implied;
  throw new KnowledgeUploadError(
    'unsupported_type',
    `A twin reads Markdown, plain text or PDF (.md, .txt, .pdf); got ${type || 'no type'} for ${fileName}`,
  );
}

/**
 * The text of an uploaded document: UTF-8 for Markdown and plain text, the text layer of a PDF
 * (extracted with unpdf, in-process; a scanned PDF without one is refused as unreadable).
 *
 * @param bytes - the file.
 * @param mediaType - from {@link documentMediaType}.
 * @returns text PostgreSQL can store.
 * @throws KnowledgeUploadError `too_large`, `empty`, `unreadable`.
 */
export async function extractDocumentText(bytes: Uint8Array, mediaType: string): Promise<string> {
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) {
    throw new KnowledgeUploadError('too_large', `A document is at most ${MAX_DOCUMENT_BYTES / 1024} KiB`);
  }
  const text = readableTypes[mediaType] === 'pdf' ? await pdfText(bytes) : utf8Text(bytes);
  if (text.trim().length === 0) throw new KnowledgeUploadError('empty', 'The document has no text');
  return isStorableText(text) ? text : toStorableText(text);
}

function utf8Text(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new KnowledgeUploadError('unreadable', 'The document is not UTF-8 text', { cause: error });
  }
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  try {
    const { extractText, getDocumentProxy } = await import('unpdf');
    // pdf.js takes ownership of the buffer it is given: hand it a copy.
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const { text } = await extractText(pdf, { mergePages: false });
    return text.map((page) => page.trim()).join('\n\n');
  } catch (error) {
    throw new KnowledgeUploadError('unreadable', 'The PDF could not be read', { cause: error });
  }
}
