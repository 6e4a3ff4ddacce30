'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useModels } from '@/hooks/useModels';
import { useWeb3 } from '@/hooks/useWeb3';
import { formatFar } from '@/lib/format/formatFar';
import { formatUsd } from '@/lib/format/formatUsd';
import { measureStreamSpeed } from '@/lib/inference/measureStreamSpeed';
import { type ChatMessage, streamChatCompletion } from '@/lib/inference/streamChatCompletion';
import { describeError } from '@/lib/web3/describeError';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { Stat } from '../ui/Stat';
import { SpendingAuthorization } from '../web3/SpendingAuthorization';

type RunStats = {
  startedAt: number;
  firstTokenAt: number | null;
  lastTokenAt: number | null;
  chunks: number;
  completionTokens: number | null;
  promptTokens: number | null;
  costFarWei: bigint | null;
  costUsd: number | null;
  nodeId: string | null;
};

const fieldClass =
  'w-full rounded-lg border border-line bg-surface-raised px-3 py-2 text-white focus:border-brand focus:outline-none';

/**
 * The inference playground: pick a model, set the system prompt and sampling, and watch tokens
 * stream in with time to first token, speed, token count, cost (FAR and USD) and the serving node.
 * Stop aborts the request and keeps what already arrived.
 */
export function Playground() {
  const ids = { model: useId(), system: useId(), temperature: useId(), maxTokens: useId(), prompt: useId() };
  const searchParams = useSearchParams();
  const models = useModels();
  const { session, isSignedIn } = useWeb3();
  const queryClient = useQueryClient();
  const [model, setModel] = useState(searchParams.get('model') ?? '');
  const [systemPrompt, setSystemPrompt] = useState('You are a helpful assistant.');
  const [temperature, setTemperature] = useState(0.7);
  const [maxTokens, setMaxTokens] = useState(256);
  const [prompt, setPrompt] = useState('');
  const [output, setOutput] = useState('');
  const [stats, setStats] = useState<RunStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [needsAuthorization, setNeedsAuthorization] = useState(false);
  const [running, setRunning] = useState(false);
  const [stopped, setStopped] = useState(false);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => {
    // Prefer a model some node serves right now, so a first Run works.
    const first = models.data?.find((candidate) => candidate.available_nodes > 0) ?? models.data?.[0];
    if (!model && first) setModel(first.id);
  }, [model, models.data]);
  useEffect(() => () => abort.current?.abort(), []);

  const run = async (event: FormEvent) => {
    event.preventDefault();
    if (!session.accessToken || !model || !prompt.trim()) return;
    const controller = new AbortController();
    abort.current = controller;
    const messages: ChatMessage[] = [
      ...(systemPrompt.trim() ? [{ role: 'system' as const, content: systemPrompt }] : []),
      { role: 'user', content: prompt },
    ];
    setOutput('');
    setError(null);
    setStopped(false);
    setRunning(true);
    const startedAt = performance.now();
    setStats({
      startedAt,
      firstTokenAt: null,
      lastTokenAt: null,
      chunks: 0,
      completionTokens: null,
      promptTokens: null,
      costFarWei: null,
      costUsd: null,
      nodeId: null,
    });
    try {
      for await (const streamed of streamChatCompletion({
        accessToken: session.accessToken,
        model,
        messages,
        temperature,
        maxTokens,
        signal: controller.signal,
      })) {
        const now = performance.now();
        if (streamed.type === 'token') {
          setOutput((previous) => previous + streamed.text);
          setStats(
            (previous) =>
              previous && {
                ...previous,
                firstTokenAt: previous.firstTokenAt ?? now,
                lastTokenAt: now,
                chunks: previous.chunks + 1,
              },
          );
        } else {
          setStats(
            (previous) =>
              previous && {
                ...previous,
                completionTokens: streamed.completionTokens,
                promptTokens: streamed.promptTokens,
                costFarWei: streamed.costFarWei,
                costUsd: streamed.costUsd,
                nodeId: streamed.nodeId,
              },
          );
        }
      }
    } catch (caught) {
      setError(describeError(caught));
      if ((caught as { code?: unknown }).code === 'spending_authorization_required')
        setNeedsAuthorization(true);
    } finally {
      setRunning(false);
      abort.current = null;
      void queryClient.invalidateQueries();
    }
  };

  const stop = () => {
    setStopped(true);
    abort.current?.abort();
  };

  const tokens = stats?.completionTokens ?? stats?.chunks ?? 0;
  const timings = stats
    ? measureStreamSpeed(stats.startedAt, stats.firstTokenAt, stats.lastTokenAt, tokens)
    : { timeToFirstTokenMs: null, tokensPerSecond: null };

  return (
    <div className="grid gap-6 lg:grid-cols-[20rem_1fr]">
      <Card aria-label="Settings" className="flex flex-col gap-4">
        <div>
          <label htmlFor={ids.model} className="mb-1 block text-sm text-muted">
            Model
          </label>
          <select
            id={ids.model}
            value={model}
            onChange={(event) => setModel(event.target.value)}
            className={fieldClass}
            disabled={!models.data || models.data.length === 0}
          >
            {models.isPending ? <option>Loading models…</option> : null}
            {models.isError ? <option>Models unavailable</option> : null}
            {models.data?.length === 0 ? <option>No models registered</option> : null}
            {models.data?.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.id}
                {candidate.available_nodes > 0 ? '' : ' (no node online)'}
              </option>
            ))}
          </select>
          {models.isError ? (
            <p role="alert" className="mt-1 text-sm text-red-300">
              {describeError(models.error)}
            </p>
          ) : null}
        </div>
        <div>
          <label htmlFor={ids.system} className="mb-1 block text-sm text-muted">
            System prompt
          </label>
          <textarea
            id={ids.system}
            rows={4}
            value={systemPrompt}
            onChange={(event) => setSystemPrompt(event.target.value)}
            className={fieldClass}
          />
        </div>
        <div>
          <label htmlFor={ids.temperature} className="mb-1 block text-sm text-muted">
            Temperature: {temperature.toFixed(2)}
          </label>
          <input
            id={ids.temperature}
            type="range"
            min={0}
            max={2}
            step={0.05}
            value={temperature}
            onChange={(event) => setTemperature(Number(event.target.value))}
            className="w-full accent-brand"
          />
        </div>
        <div>
          <label htmlFor={ids.maxTokens} className="mb-1 block text-sm text-muted">
            Max tokens
          </label>
          <input
            id={ids.maxTokens}
            type="number"
            min={1}
            max={8192}
            value={maxTokens}
            onChange={(event) => setMaxTokens(Math.max(1, Math.min(8192, Number(event.target.value) || 1)))}
            className={fieldClass}
          />
        </div>
      </Card>

      <div className="flex flex-col gap-4">
        <Card aria-label="Prompt">
          <form onSubmit={run} className="flex flex-col gap-3">
            <label htmlFor={ids.prompt} className="text-sm text-muted">
              Your message
            </label>
            <textarea
              id={ids.prompt}
              rows={4}
              value={prompt}
              onChange={(event) => setPrompt(event.target.value)}
              placeholder="Ask anything…"
              className={fieldClass}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && (event.metaKey || event.ctrlKey))
                  event.currentTarget.form?.requestSubmit();
              }}
            />
            <div className="flex flex-wrap items-center gap-3">
              {running ? (
                <Button variant="danger" onClick={stop}>
                  Stop
                </Button>
              ) : (
                <Button type="submit" disabled={!isSignedIn || !model || !prompt.trim()}>
                  Run
                </Button>
              )}
              {!isSignedIn ? (
                <span className="text-sm text-muted">Connect your wallet and sign in to run prompts.</span>
              ) : null}
            </div>
          </form>
        </Card>

        <Card aria-label="Output">
          <div className="mb-3 flex items-center justify-between">
            <h2 className="text-lg font-semibold">Output</h2>
            <span className="text-sm text-muted" data-testid="run-state">
              {running ? 'Streaming…' : stopped ? 'Stopped' : stats ? 'Done' : ''}
            </span>
          </div>
          <output
            aria-live="polite"
            aria-busy={running}
            className="block min-h-32 font-mono text-sm leading-relaxed whitespace-pre-wrap text-bright"
            data-testid="playground-output"
          >
            {output ||
              (running ? '…' : <span className="text-muted">Tokens appear here as they stream.</span>)}
          </output>
          {error ? (
            <p role="alert" className="mt-3 text-sm text-red-300" data-testid="playground-error">
              {error}
            </p>
          ) : null}
        </Card>

        {needsAuthorization ? (
          <SpendingAuthorization
            onAuthorized={() => {
              setNeedsAuthorization(false);
              setError(null);
            }}
          />
        ) : null}

        <div className="grid grid-cols-2 gap-3 md:grid-cols-3" data-testid="playground-stats">
          <Stat
            label="Time to first token"
            value={timings.timeToFirstTokenMs === null ? '—' : `${Math.round(timings.timeToFirstTokenMs)} ms`}
          />
          <Stat
            label="Tokens / s"
            value={timings.tokensPerSecond === null ? '—' : timings.tokensPerSecond.toFixed(1)}
          />
          <Stat
            label="Tokens"
            testId="stat-tokens"
            value={stats ? String(tokens) : '—'}
            hint={stats?.promptTokens != null ? `${stats.promptTokens} prompt` : undefined}
          />
          <Stat
            label="Cost (FAR)"
            testId="stat-cost-far"
            value={stats?.costFarWei == null ? '—' : formatFar(stats.costFarWei, 8)}
          />
          <Stat label="Cost (USD)" value={stats?.costUsd == null ? '—' : formatUsd(stats.costUsd)} />
          <Stat label="Served by" testId="stat-node" value={stats?.nodeId ?? '—'} />
        </div>
      </div>
    </div>
  );
}
