'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import {
  type PlaygroundRunStats,
  recordStreamEvent,
  startRunStats,
} from '@/lib/inference/playgroundRunStats';
import { type ChatMessage, streamChatCompletion } from '@/lib/inference/streamChatCompletion';
import { describeError } from '@/lib/web3/describeError';

/** What one playground run sends: the prompt and the settings chosen beside it. */
export type PlaygroundRequest = {
  accessToken: string;
  model: string;
  systemPrompt: string;
  prompt: string;
  temperature: number;
  maxTokens: number;
};

/**
 * Builds the chat messages of a run: the system prompt when there is one, then the user's message.
 * @param systemPrompt - the system prompt (left out when blank)
 * @param prompt - the user's message
 * @returns the messages to send
 */
function toChatMessages(systemPrompt: string, prompt: string): ChatMessage[] {
  return [
    ...(systemPrompt.trim() ? [{ role: 'system' as const, content: systemPrompt }] : []),
    { role: 'user', content: prompt },
  ];
}

/**
 * One streaming playground run at a time: the text so far, its stats, an error, and whether the
 * request was refused for want of a spending authorization. Stop aborts the request and keeps what
 * already arrived; unmounting aborts too. Every query is refreshed when a run ends, because a run
 * moves the balance, the tasks list and the network figures.
 * @returns the run's state, `run` to start one and `stop` to abort it
 */
export function usePlaygroundRun() {
  const queryClient = useQueryClient();
  const [output, setOutput] = useState('');
  const [stats, setStats] = useState<PlaygroundRunStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [needsAuthorization, setNeedsAuthorization] = useState(false);
  const [running, setRunning] = useState(false);
  const [stopped, setStopped] = useState(false);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const run = async (request: PlaygroundRequest) => {
    const controller = new AbortController();
    abort.current = controller;
    setOutput('');
    setError(null);
    setStopped(false);
    setRunning(true);
    setStats(startRunStats(performance.now()));
    try {
      for await (const streamed of streamChatCompletion({
        accessToken: request.accessToken,
        model: request.model,
        messages: toChatMessages(request.systemPrompt, request.prompt),
        temperature: request.temperature,
        maxTokens: request.maxTokens,
        signal: controller.signal,
      })) {
        const now = performance.now();
        if (streamed.type === 'token') setOutput((previous) => previous + streamed.text);
        setStats((previous) => previous && recordStreamEvent(previous, streamed, now));
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

  const authorized = () => {
    setNeedsAuthorization(false);
    setError(null);
  };

  return { output, stats, error, needsAuthorization, running, stopped, run, stop, authorized };
}
