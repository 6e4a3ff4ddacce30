'use client';

import { useState } from 'react';
import type { StakePosition } from '@/hooks/useFarPositions';
import type { ActionOutcome } from '@/hooks/useTrackedAction';
import { formatFar } from '@/lib/format/formatFar';
import { lockTiers } from '@/lib/staking/lockTiers';
import { Button } from '../ui/Button';

/** The wallet's stake positions; each unlocked one can be unstaked in full. */
export function StakePositions({
  positions,
  busy,
  disabled,
  onUnstake,
}: {
  positions: StakePosition[] | undefined;
  busy: boolean;
  disabled: boolean;
  onUnstake: (positionId: number, amountWei: bigint) => Promise<ActionOutcome>;
}) {
  const [note, setNote] = useState<string | null>(null);
  const now = Date.now();
  return (
    <div className="flex flex-col gap-2">
      <h3 className="text-sm text-muted">Your positions</h3>
      {positions === undefined ? (
        <p className="text-sm text-muted">Connect your wallet to see your positions.</p>
      ) : positions.length === 0 ? (
        <p className="text-sm text-muted">Nothing staked yet.</p>
      ) : (
        <ul className="flex flex-col divide-y divide-line" data-testid="stake-positions">
          {positions.map((position) => {
            const locked = position.unlockAt.getTime() > now;
            return (
              <li key={position.positionId} className="flex items-center justify-between gap-3 py-2 text-sm">
                <span>
                  <span className="font-mono">{formatFar(position.amountWei)} FAR</span>
                  <span className="block text-xs text-muted">
                    {lockTiers[position.lockTier]?.label ?? `tier ${position.lockTier}`}
                    {locked ? ` · locked until ${position.unlockAt.toLocaleDateString()}` : ' · unlocked'}
                  </span>
                </span>
                <Button
                  variant="secondary"
                  disabled={disabled || busy || locked}
                  onClick={async () => {
                    const outcome = await onUnstake(position.positionId, position.amountWei);
                    setNote(
                      outcome.kind === 'sent'
                        ? 'Unstake sent.'
                        : outcome.kind === 'cancelled'
                          ? 'Cancelled in the wallet.'
                          : outcome.message,
                    );
                  }}
                >
                  Unstake
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      {note ? (
        <p role="status" className="text-sm text-muted">
          {note}
        </p>
      ) : null}
    </div>
  );
}
