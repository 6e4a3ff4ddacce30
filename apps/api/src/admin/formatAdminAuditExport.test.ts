import type { AdminAuditRecord } from '@far/db';
import { describe, expect, it } from 'vitest';
import { formatAdminAuditExport } from './formatAdminAuditExport.js';
import { reserveRunwayDays } from './readConsoleChainState.js';

const row: AdminAuditRecord = {
  id: 3n,
  actorWallet: '0x71be63f3384f5fb98995898a86b02fb2426c5788',
  role: 'operator',
  action: 'node.suspend',
  target: 'node-1',
  reason: '=HYPERLINK("x"), "quoted"\nsecond line',
  before: { status: 'online' },
  after: { status: 'suspended' },
  signature: null,
  txHash: null,
  status: 'done',
  createdAt: new Date('2026-12-06T10:00:00Z'),
  completedAt: new Date('2026-12-06T10:00:00Z'),
};

describe('formatAdminAuditExport', () => {
  it('writes CSV with quoted cells, JSON before/after, and formulas defused', () => {
    const csv = formatAdminAuditExport([row], 'csv');
    const [header, line] = csv.split('\r\n');
    expect(header?.split(',')[0]).toBe('id');
    expect(line).toContain(`"'=HYPERLINK(""x""), ""quoted""\nsecond line"`);
    expect(line).toContain('"{""status"":""online""}"');
  });

  it('writes JSONL, one parsable object per line', () => {
    const [first, end] = formatAdminAuditExport([row, row], 'jsonl').split('\n').slice(1);
    expect(JSON.parse(first ?? '')).toMatchObject({
      id: '3',
      action: 'node.suspend',
      after: { status: 'suspended' },
    });
    expect(end).toBe('');
  });
});

describe('reserveRunwayDays', () => {
  it('divides the reserve by what the base rate draws per day', () => {
    // 10% APY on 365,000 effective draws 100 a day: 1,000 lasts 10 days.
    expect(reserveRunwayDays(1_000n, 1_000n, 365_000n)).toBe(10);
    expect(reserveRunwayDays(1_000n, 0n, 365_000n)).toBeNull();
    expect(reserveRunwayDays(1_000n, 1_000n, 0n)).toBeNull();
  });
});
