import { NODE_CONNECT_PATH } from '@far/protocol';
import { describe, expect, it } from 'vitest';
import { toConnectUrl } from './toConnectUrl.js';

describe('toConnectUrl', () => {
  it('dials ws for http and wss for https, keeping host and port', () => {
    expect(toConnectUrl('http://127.0.0.1:4000')).toBe(`ws://127.0.0.1:4000${NODE_CONNECT_PATH}`);
    expect(toConnectUrl('https://far.example')).toBe(`wss://far.example${NODE_CONNECT_PATH}`);
    expect(toConnectUrl('wss://far.example')).toBe(`wss://far.example${NODE_CONNECT_PATH}`);
  });

  it('appends the connect path after a base path, with or without a trailing slash', () => {
    expect(toConnectUrl('https://far.example/api/')).toBe(`wss://far.example/api${NODE_CONNECT_PATH}`);
    expect(toConnectUrl('https://far.example/api')).toBe(`wss://far.example/api${NODE_CONNECT_PATH}`);
  });
});
