import { NODE_CONNECT_PATH } from '@far/protocol';

/**
 * The WebSocket URL a node dials: the coordinator's base URL with ws(s) for http(s) and the node
 * protocol's connect path after any base path.
 *
 * @param coordinatorUrl - the coordinator's base URL (http(s) or ws(s)).
 * @returns the connect URL.
 * @example
 * toConnectUrl('https://far.example/api/') // 'wss://far.example/api/v1/nodes/connect'
 */
export function toConnectUrl(coordinatorUrl: string): string {
  const url = new URL(coordinatorUrl);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${NODE_CONNECT_PATH}`;
  return url.toString();
}
