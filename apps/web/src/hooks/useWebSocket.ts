'use client';

import { useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { useSession } from '@/lib/auth/SessionProvider';
import { usePublicConfig } from '@/lib/config/PublicConfig';

export type SocketStatus = 'idle' | 'connecting' | 'connected' | 'disconnected' | 'error';

/**
 * Opens a socket.io connection to the API with the session's access token, joins a room
 * (`subscribe:node`, `subscribe:revenue`, `subscribe:inference`) and hands every `event` payload to
 * `onMessage`. socket.io-client is loaded on demand so pages without live data stay light.
 * @param subscription - the subscribe event and its argument, or null to stay disconnected
 * @param event - the event to listen for, e.g. `node:metrics`
 * @param onMessage - called with each payload (validate it at the call site)
 * @returns the connection status
 */
export function useWebSocket(
  subscription: { event: string; arg?: string } | null,
  event: string,
  onMessage: (payload: unknown) => void,
): SocketStatus {
  const { accessToken } = useSession();
  const { apiUrl } = usePublicConfig();
  const [status, setStatus] = useState<SocketStatus>('idle');
  const handler = useRef(onMessage);
  handler.current = onMessage;
  const subscribeEvent = subscription?.event;
  const subscribeArg = subscription?.arg;

  useEffect(() => {
    if (!accessToken || !subscribeEvent) {
      setStatus('idle');
      return;
    }
    let socket: Socket | undefined;
    let closed = false;
    setStatus('connecting');
    import('socket.io-client')
      .then(({ io }) => {
        if (closed) return;
        socket = io(apiUrl, { auth: { token: accessToken }, transports: ['websocket'] });
        socket.on('connect', () => {
          setStatus('connected');
          if (subscribeArg === undefined) socket?.emit(subscribeEvent);
          else socket?.emit(subscribeEvent, subscribeArg);
        });
        socket.on('disconnect', () => setStatus('disconnected'));
        socket.on('connect_error', () => setStatus('error'));
        socket.on(event, (payload: unknown) => handler.current(payload));
      })
      .catch(() => setStatus('error'));
    return () => {
      closed = true;
      socket?.close();
    };
  }, [accessToken, apiUrl, subscribeEvent, subscribeArg, event]);

  return status;
}
