'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { streamTwinChat, type TwinCitation } from '@/lib/fartwin/streamTwinChat';
import { describeError } from '@/lib/web3/describeError';

/** One message on screen: the user's, or the twin's with what it cost and the passages it used. */
export type TwinChatMessage = {
  role: 'user' | 'assistant';
  content: string;
  costFarWei?: bigint | null;
  costUsd?: number | null;
  tokens?: number;
  citations?: TwinCitation[];
};

/**
 * A chat with one twin: the turns on screen (the twin's greeting first, shown but not sent: the API
 * adds it from the persona), one streamed answer at a time, its cost and citations once billed.
 * Stop aborts and keeps what arrived; the conversation id the API answers with keeps later turns in
 * the same conversation.
 * @param handle - the twin
 * @param greeting - what the twin says first
 * @returns the messages, the running state, an error, whether spending must be authorized, send/stop
 */
export function useTwinChat(handle: string, greeting: string) {
  const queryClient = useQueryClient();
  const [messages, setMessages] = useState<TwinChatMessage[]>([]);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [needsAuthorization, setNeedsAuthorization] = useState(false);
  const conversationId = useRef<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const updateLast = (patch: (last: TwinChatMessage) => TwinChatMessage) =>
    setMessages((previous) => [...previous.slice(0, -1), patch(previous.at(-1) as TwinChatMessage)]);

  const send = async (accessToken: string, text: string) => {
    const controller = new AbortController();
    abort.current = controller;
    const sent = [...messages, { role: 'user' as const, content: text }];
    setMessages([...sent, { role: 'assistant', content: '' }]);
    setError(null);
    setRunning(true);
    try {
      for await (const event of streamTwinChat({
        accessToken,
        handle,
        messages: sent.map(({ role, content }) => ({ role, content })),
        conversationId: conversationId.current,
        signal: controller.signal,
      })) {
        if (event.type === 'token') {
          updateLast((last) => ({ ...last, content: last.content + event.text }));
        } else {
          conversationId.current = event.conversationId ?? conversationId.current;
          updateLast((last) => ({
            ...last,
            costFarWei: event.costFarWei,
            costUsd: event.costUsd,
            tokens: event.promptTokens + event.completionTokens,
            citations: event.citations,
          }));
        }
      }
    } catch (caught) {
      setError(describeError(caught));
      if ((caught as { code?: unknown }).code === 'spending_authorization_required')
        setNeedsAuthorization(true);
    } finally {
      setRunning(false);
      abort.current = null;
      void queryClient.invalidateQueries({ queryKey: ['fartwin'] });
    }
  };

  const stop = () => abort.current?.abort();
  const authorized = () => {
    setNeedsAuthorization(false);
    setError(null);
  };
  const shown: TwinChatMessage[] = greeting
    ? [{ role: 'assistant', content: greeting }, ...messages]
    : messages;
  return { messages: shown, running, error, needsAuthorization, send, stop, authorized };
}
