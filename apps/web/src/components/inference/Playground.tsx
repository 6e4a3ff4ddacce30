'use client';

import { useSearchParams } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import { useModels } from '@/hooks/useModels';
import { usePlaygroundRun } from '@/hooks/usePlaygroundRun';
import { useWeb3 } from '@/hooks/useWeb3';
import { SpendingAuthorization } from '../web3/SpendingAuthorization';
import { PlaygroundOutput } from './PlaygroundOutput';
import { PlaygroundPrompt } from './PlaygroundPrompt';
import { PlaygroundSettings, type PlaygroundSettingsValue } from './PlaygroundSettings';
import { PlaygroundStats } from './PlaygroundStats';

/**
 * The inference playground: pick a model, set the system prompt and sampling, and watch tokens
 * stream in with time to first token, speed, token count, cost (FAR and USD) and the serving node.
 * Stop aborts the request and keeps what already arrived.
 */
export function Playground() {
  const searchParams = useSearchParams();
  const models = useModels();
  const { session, isSignedIn } = useWeb3();
  const [settings, setSettings] = useState<PlaygroundSettingsValue>({
    model: searchParams.get('model') ?? '',
    systemPrompt: 'You are a helpful assistant.',
    temperature: 0.7,
    maxTokens: 256,
  });
  const [prompt, setPrompt] = useState('');
  const playground = usePlaygroundRun();

  useEffect(() => {
    // Prefer a model some node serves right now, so a first Run works.
    const first = models.data?.find((candidate) => candidate.available_nodes > 0) ?? models.data?.[0];
    if (!settings.model && first) setSettings((previous) => ({ ...previous, model: first.id }));
  }, [settings.model, models.data]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!session.accessToken || !settings.model || !prompt.trim()) return;
    void playground.run({ accessToken: session.accessToken, prompt, ...settings });
  };

  return (
    <div className="grid gap-6 lg:grid-cols-[20rem_1fr]">
      <PlaygroundSettings
        models={models}
        value={settings}
        onChange={(patch) => setSettings((previous) => ({ ...previous, ...patch }))}
      />
      <div className="flex flex-col gap-4">
        <PlaygroundPrompt
          prompt={prompt}
          onPromptChange={setPrompt}
          onSubmit={submit}
          onStop={playground.stop}
          running={playground.running}
          canRun={isSignedIn && Boolean(settings.model) && Boolean(prompt.trim())}
          isSignedIn={isSignedIn}
        />
        <PlaygroundOutput
          output={playground.output}
          error={playground.error}
          running={playground.running}
          stopped={playground.stopped}
          hasRun={playground.stats !== null}
        />
        {playground.needsAuthorization ? (
          <SpendingAuthorization onAuthorized={playground.authorized} />
        ) : null}
        <PlaygroundStats stats={playground.stats} />
      </div>
    </div>
  );
}
