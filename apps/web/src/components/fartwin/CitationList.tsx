import type { TwinCitation } from '@/lib/fartwin/streamTwinChat';

/** The passages an answer used: each opens to show its text and the document it came from. */
export function CitationList({ citations }: { citations: TwinCitation[] }) {
  if (citations.length === 0) return null;
  return (
    <ol className="mt-2 flex flex-col gap-1 text-sm" aria-label="Sources" data-testid="twin-citations">
      {citations.map((citation) => (
        <li key={citation.chunkId}>
          <details className="rounded-lg border border-line bg-canvas px-3 py-2" data-testid="twin-citation">
            <summary className="cursor-pointer text-brand-soft">
              [{citation.index}] {citation.title}
              {citation.heading ? ` — ${citation.heading}` : ''}
            </summary>
            <p className="mt-2 whitespace-pre-wrap text-soft">{citation.excerpt}</p>
            <p className="mt-1 text-xs text-muted">Document {citation.documentId}</p>
          </details>
        </li>
      ))}
    </ol>
  );
}
