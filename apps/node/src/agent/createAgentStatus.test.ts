import { describe, expect, it } from 'vitest';
import { createAgentStatus } from './createAgentStatus.js';
import type { AgentStatus } from './formatStatusLine.js';

describe('createAgentStatus', () => {
  it('starts connecting, with the coordinator origin and the live task count', () => {
    let active = 2;
    const status = createAgentStatus({
      nodeId: 'n1',
      coordinatorUrl: 'https://far.example/api/',
      maxConcurrency: 4,
      activeTasks: () => active,
    });
    expect(status.snapshot()).toMatchObject({
      state: 'connecting',
      nodeId: 'n1',
      coordinator: 'https://far.example',
      activeTasks: 2,
      maxConcurrency: 4,
      tasksServed: 0,
    });
    active = 0;
    expect(status.snapshot().activeTasks).toBe(0);
  });

  it('tells the listener a copy on every change', () => {
    const seen: AgentStatus[] = [];
    const status = createAgentStatus({
      nodeId: 'n1',
      coordinatorUrl: 'http://127.0.0.1:4000',
      maxConcurrency: 1,
      activeTasks: () => 0,
      onStatus: (s) => seen.push(s),
    });
    status.set({ state: 'connected' });
    status.recordToken();
    status.recordTaskServed();
    status.emit();
    expect(seen.map((s) => s.state)).toEqual(['connected', 'connected']);
    expect(seen[1]).toMatchObject({ tokensGenerated: 1, tasksServed: 1 });
    expect(seen[1]?.tokensPerSecond).toBeGreaterThan(0);
    expect(seen[0]).not.toBe(status.current);
  });

  it('keeps the standing the coordinator last reported, field by field', () => {
    const status = createAgentStatus({
      nodeId: 'n1',
      coordinatorUrl: 'http://127.0.0.1:4000',
      maxConcurrency: 1,
      activeTasks: () => 0,
    });
    status.applyStanding({ earningsWei: '1000000000000000000', reliabilityScore: 81.5 });
    status.applyStanding({});
    expect(status.snapshot()).toMatchObject({ earningsWei: 10n ** 18n, reliabilityScore: 81.5 });
  });
});
