'use client';

import type { ConsoleChainRequest } from '@/hooks/useConsoleChainAction';
import { Button } from '../ui/Button';

/** A timelocked operation as `GET /api/admin/chain` lists it. */
type TimelockOperation = {
  operationId: string;
  call: string;
  reason: string;
  eta: string | null;
  state: 'waiting' | 'ready' | 'done' | 'cancelled';
};

/**
 * The timelocked operations the console scheduled, with their state; a treasurer executes one once
 * its delay has passed and cancels one while it is pending, each from their own wallet after a fresh
 * signature (`act` runs the console chain action).
 */
export function TimelockOperationsList({
  operations,
  treasurer,
  busy,
  act,
}: {
  operations: TimelockOperation[];
  treasurer: boolean;
  busy: boolean;
  act: (request: Omit<ConsoleChainRequest, 'reason'>) => void;
}) {
  return (
    <ul className="flex flex-col gap-2 text-sm" data-testid="timelock-operations">
      {operations.map((operation) => {
        const params = { operationId: operation.operationId };
        const pending = operation.state === 'waiting' || operation.state === 'ready';
        return (
          <li key={operation.operationId} className="flex items-center justify-between gap-3">
            <span>
              Timelocked {operation.call}: {operation.state}
              {operation.eta && operation.state === 'waiting'
                ? `, executable after ${new Date(operation.eta).toLocaleString()}`
                : ''}{' '}
              <span className="text-muted">“{operation.reason}”</span>
            </span>
            {treasurer && pending ? (
              <span className="flex gap-2">
                {operation.state === 'ready' ? (
                  <Button
                    variant="secondary"
                    disabled={busy}
                    onClick={() => act({ action: 'timelock.execute', params })}
                  >
                    Execute
                  </Button>
                ) : null}
                <Button
                  variant="danger"
                  disabled={busy}
                  onClick={() => act({ action: 'timelock.cancel', params })}
                >
                  Cancel
                </Button>
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
