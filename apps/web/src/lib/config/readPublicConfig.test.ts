import { describe, expect, it } from 'vitest';
import { readPublicConfig } from './readPublicConfig';

describe('readPublicConfig', () => {
  it('prefers NEXT_PUBLIC_API_URL, then API_URL, then the local default', () => {
    expect(readPublicConfig({ NEXT_PUBLIC_API_URL: 'http://a:1/', API_URL: 'http://b:2' }).apiUrl).toBe(
      'http://a:1',
    );
    expect(readPublicConfig({ API_URL: 'http://b:2' }).apiUrl).toBe('http://b:2');
    expect(readPublicConfig({}).apiUrl).toBe('http://127.0.0.1:4000');
  });

  it('turns WalletConnect on only when a project id is set', () => {
    expect(readPublicConfig({}).walletConnectProjectId).toBeNull();
    expect(
      readPublicConfig({ NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID: '  ' }).walletConnectProjectId,
    ).toBeNull();
    expect(readPublicConfig({ NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID: 'abc123' }).walletConnectProjectId).toBe(
      'abc123',
    );
  });
});
