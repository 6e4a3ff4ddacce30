import { Card } from '../ui/Card';

/** The streamed text of a run, its state (Streaming…, Stopped, Done) and its error, if any. */
export function PlaygroundOutput({
  output,
  error,
  running,
  stopped,
  hasRun,
}: {
  output: string;
  error: string | null;
  running: boolean;
  stopped: boolean;
  hasRun: boolean;
}) {
  return (
    <Card aria-label="Output">
      <div className="mb-3 flex items-center justify-between">
        <h2 className="text-lg font-semibold">Output</h2>
        <span className="text-sm text-muted" data-testid="run-state">
          {running ? 'Streaming…' : stopped ? 'Stopped' : hasRun ? 'Done' : ''}
        </span>
      </div>
      <output
        aria-live="polite"
        aria-busy={running}
        className="block min-h-32 font-mono text-sm leading-relaxed whitespace-pre-wrap text-bright"
        data-testid="playground-output"
      >
        {output || (running ? '…' : <span className="text-muted">Tokens appear here as they stream.</span>)}
      </output>
      {error ? (
        <p role="alert" className="mt-3 text-sm text-red-300" data-testid="playground-error">
          {error}
        </p>
      ) : null}
    </Card>
  );
}
