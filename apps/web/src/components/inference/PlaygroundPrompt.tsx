'use client';

import { type FormEvent, useId } from 'react';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { fieldClass } from '../ui/fieldClass';

/**
 * The playground's prompt form: the message (Ctrl/⌘+Enter submits), Run, or Stop while a run
 * streams, and a note when the visitor is not signed in.
 */
export function PlaygroundPrompt({
  prompt,
  onPromptChange,
  onSubmit,
  onStop,
  running,
  canRun,
  isSignedIn,
}: {
  prompt: string;
  onPromptChange: (prompt: string) => void;
  onSubmit: (event: FormEvent) => void;
  onStop: () => void;
  running: boolean;
  canRun: boolean;
  isSignedIn: boolean;
}) {
  const promptId = useId();
  return (
    <Card aria-label="Prompt">
      <form onSubmit={onSubmit} className="flex flex-col gap-3">
        <label htmlFor={promptId} className="text-sm text-muted">
          Your message
        </label>
        <textarea
          id={promptId}
          rows={4}
          value={prompt}
          onChange={(event) => onPromptChange(event.target.value)}
          placeholder="Ask anything…"
          className={fieldClass}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.metaKey || event.ctrlKey))
              event.currentTarget.form?.requestSubmit();
          }}
        />
        <div className="flex flex-wrap items-center gap-3">
          {running ? (
            <Button variant="danger" onClick={onStop}>
              Stop
            </Button>
          ) : (
            <Button type="submit" disabled={!canRun}>
              Run
            </Button>
          )}
          {!isSignedIn ? (
            <span className="text-sm text-muted">Connect your wallet and sign in to run prompts.</span>
          ) : null}
        </div>
      </form>
    </Card>
  );
}
