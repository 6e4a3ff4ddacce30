'use client';

import { useNodeAuditRecord } from '@/hooks/useNodeAuditRecord';

const LATEST_SHOWN = 5;

/**
 * A node's proof of serving: canaries and spot-check audits passed, strikes (failed checks, each
 * with the evidence hash a slash cites), and the open suspension if any.
 */
export function NodeAuditRecord({ nodeId }: { nodeId: string }) {
  const { data: record, isError } = useNodeAuditRecord(nodeId);
  if (isError) return <p className="text-sm text-muted">Audit record unavailable.</p>;
  if (!record) return null;
  return (
    <section aria-label="Audit record" className="flex flex-col gap-2 text-sm" data-testid="node-audits">
      <p>
        <span className="text-muted">Audits </span>
        {record.checks === 0
          ? 'not checked yet'
          : `${record.passes} of ${record.checks} checks passed (${Math.round((record.pass_rate ?? 0) * 100)} %), ${record.strikes} ${record.strikes === 1 ? 'strike' : 'strikes'}`}
      </p>
      {record.suspension ? (
        <p className="text-red-400" data-testid="node-suspension">
          Suspended since {record.suspension.since.toLocaleString()}: {record.suspension.reason}
        </p>
      ) : null}
      {record.recent.length > 0 ? (
        <ul className="flex flex-col gap-1 font-mono text-xs">
          {record.recent.slice(0, LATEST_SHOWN).map((check) => (
            <li key={`${check.evidence_hash}-${check.created_at.getTime()}`} className="flex gap-2">
              <span className={check.passed ? 'text-emerald-400' : 'text-red-400'}>
                {check.passed ? 'pass' : 'strike'}
              </span>
              <span className="text-muted">{check.kind}</span>
              <span className="truncate" title={check.evidence_hash}>
                {check.evidence_hash}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
