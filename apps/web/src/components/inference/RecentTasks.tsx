'use client';

import { useTasks } from '@/hooks/useAccountData';
import { formatFar } from '@/lib/format/formatFar';
import { formatUsd } from '@/lib/format/formatUsd';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';

/** The user's latest inference tasks with tokens, cost and serving node. */
export function RecentTasks() {
  const query = useTasks(20);
  return (
    <Card aria-labelledby="recent-tasks">
      <h2 id="recent-tasks" className="mb-4 text-xl font-semibold">
        Recent inference tasks
      </h2>
      <DataState
        query={query}
        isEmpty={(rows) => rows.length === 0}
        empty="No inference tasks yet — try the playground."
      >
        {(rows) => (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="recent-tasks">
              <thead className="text-muted">
                <tr>
                  <th className="py-2 pr-4 font-normal">When</th>
                  <th className="py-2 pr-4 font-normal">Model</th>
                  <th className="py-2 pr-4 font-normal">Status</th>
                  <th className="py-2 pr-4 text-right font-normal">Tokens</th>
                  <th className="py-2 pr-4 text-right font-normal">Cost</th>
                  <th className="py-2 font-normal">Node</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((task) => (
                  <tr key={task.taskId} className="border-t border-line">
                    <td className="py-2 pr-4 whitespace-nowrap">{task.createdAt.toLocaleString()}</td>
                    <td className="py-2 pr-4">{task.model}</td>
                    <td className="py-2 pr-4 capitalize">{task.status}</td>
                    <td className="py-2 pr-4 text-right font-mono">
                      {(task.promptTokens ?? 0) + (task.completionTokens ?? 0)}
                    </td>
                    <td className="py-2 pr-4 text-right font-mono whitespace-nowrap">
                      {task.costFarWei == null ? '—' : `${formatFar(task.costFarWei, 6)} FAR`}
                      {task.costUsd == null ? null : (
                        <span className="block text-xs text-muted">{formatUsd(task.costUsd)}</span>
                      )}
                    </td>
                    <td className="max-w-32 truncate py-2 font-mono text-xs text-muted">
                      {task.nodeId ?? '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </DataState>
    </Card>
  );
}
