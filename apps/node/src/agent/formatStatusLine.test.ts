import { describe, expect, it } from 'vitest';
import { type AgentStatus, formatStatusLine } from './formatStatusLine.js';

const base: AgentStatus = {
  state: 'connected',
  nodeId: 'node-1',
  coordinator: 'http://127.0.0.1:4000',
  activeTasks: 1,
  maxConcurrency: 2,
  tasksServed: 7,
  tokensGenerated: 100,
  tokensPerSecond: 12.34,
  earningsWei: 1_500_000_000_000_000n,
  reliabilityScore: 81.5,
  reconnectInMs: undefined,
  lastError: undefined,
};

describe('formatStatusLine', () => {
  it('shows connection, load, served tasks, speed and earnings in FAR', () => {
    expect(formatStatusLine(base)).toBe(
      '● connected  node-1 → http://127.0.0.1:4000 | tasks 1/2 | served 7 | 12.3 tok/s | earned 0.0015 FAR | score 81.5',
    );
  });

  it('shows the reconnect countdown and the last error while disconnected', () => {
    const line = formatStatusLine({
      ...base,
      state: 'reconnecting',
      reconnectInMs: 2500,
      earningsWei: undefined,
      reliabilityScore: undefined,
      lastError: 'connect ECONNREFUSED',
    });
    expect(line).toContain('○ reconnecting in 2.5s');
    expect(line).toContain('last error: connect ECONNREFUSED');
    expect(line).not.toContain('earned');
  });

  it('shows a suspended node retrying, with the reason it was given', () => {
    const line = formatStatusLine({
      ...base,
      state: 'suspended',
      reconnectInMs: 30_000,
      lastError: 'node node-1 is suspended by an operator',
    });
    expect(line).toContain('○ suspended, retrying in 30.0s  node-1');
    expect(line).toContain('last error: node node-1 is suspended by an operator');
  });
});
