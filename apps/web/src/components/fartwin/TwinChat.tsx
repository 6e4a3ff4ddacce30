'use client';

import { type FormEvent, useState } from 'react';
import { useTwinChat } from '@/hooks/useTwinChat';
import { useWeb3 } from '@/hooks/useWeb3';
import { formatFar } from '@/lib/format/formatFar';
import { formatUsd } from '@/lib/format/formatUsd';
import { Button } from '../ui/Button';
import { fieldClass } from '../ui/fieldClass';
import { SpendingAuthorization } from '../web3/SpendingAuthorization';
import { CitationList } from './CitationList';

/**
 * Chat with a twin: the greeting first, answers streamed token by token, each answer's billed cost
 * (FAR and USD) and the passages it cites. Paid from the deposit like any inference.
 */
export function TwinChat({ handle, greeting }: { handle: string; greeting: string }) {
  const { session, isSignedIn } = useWeb3();
  const chat = useTwinChat(handle, greeting);
  const [text, setText] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!session.accessToken || !text.trim() || chat.running) return;
    void chat.send(session.accessToken, text.trim());
    setText('');
  };

  return (
    <section aria-label="Chat" className="flex flex-col gap-3">
      <ol className="flex flex-col gap-3" data-testid="twin-messages">
        {chat.messages.map((message, index) => (
          <li
            // Messages are only appended, so the position is a stable key.
            // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
            key={index}
            data-testid={`twin-message-${message.role}`}
            className={`max-w-[90%] rounded-2xl px-4 py-3 ${message.role === 'user' ? 'self-end bg-brand/20' : 'self-start border border-line bg-surface'}`}
          >
            <p className="whitespace-pre-wrap">{message.content || (chat.running ? '…' : '')}</p>
            {message.costFarWei != null ? (
              <p className="mt-1 text-xs text-muted" data-testid="twin-message-cost">
                {message.tokens} tokens · {formatFar(message.costFarWei, 8)} FAR
                {message.costUsd != null ? ` (${formatUsd(message.costUsd)})` : ''}
              </p>
            ) : null}
            <CitationList citations={message.citations ?? []} />
          </li>
        ))}
      </ol>
      {chat.error ? (
        <p role="alert" className="text-sm text-red-300" data-testid="twin-chat-error">
          {chat.error}
        </p>
      ) : null}
      {chat.needsAuthorization ? <SpendingAuthorization onAuthorized={chat.authorized} /> : null}
      <form onSubmit={submit} className="flex flex-col gap-2 sm:flex-row">
        <label className="sr-only" htmlFor="twin-chat-input">
          Message
        </label>
        <textarea
          id="twin-chat-input"
          rows={2}
          className={fieldClass}
          placeholder={isSignedIn ? 'Ask something…' : 'Sign in to chat'}
          value={text}
          onChange={(event) => setText(event.target.value)}
          disabled={!isSignedIn}
        />
        {chat.running ? (
          <Button variant="secondary" onClick={chat.stop}>
            Stop
          </Button>
        ) : (
          <Button type="submit" disabled={!isSignedIn || !text.trim()}>
            Send
          </Button>
        )}
      </form>
    </section>
  );
}
