import type { AdminAuditRecord } from '@far/db';

/** One audit row as the API and the exports show it (ids and dates as strings). */
export function toAdminAuditView(row: AdminAuditRecord) {
  return {
    id: row.id.toString(),
    actorWallet: row.actorWallet,
    role: row.role,
    action: row.action,
    target: row.target,
    reason: row.reason,
    before: row.before,
    after: row.after,
    signature: row.signature,
    txHash: row.txHash,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}

const CSV_COLUMNS = [
  'id',
  'createdAt',
  'actorWallet',
  'role',
  'action',
  'target',
  'reason',
  'before',
  'after',
  'signature',
  'txHash',
  'status',
  'completedAt',
] as const;

function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // Quote everything that could split a cell, and defuse spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The audit log as CSV (header row, one line per action; before/after as JSON cells) or JSONL
 * (one JSON object per line).
 *
 * @example
 * formatAdminAuditExport(rows, 'csv')
 */
export function formatAdminAuditExport(rows: AdminAuditRecord[], format: 'csv' | 'jsonl'): string {
  const views = rows.map(toAdminAuditView);
  if (format === 'jsonl') return views.map((view) => `${JSON.stringify(view)}\n`).join('');
  const lines = [CSV_COLUMNS.join(',')];
  for (const view of views) lines.push(CSV_COLUMNS.map((column) => csvCell(view[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
