'use client';

import { useState } from 'react';
import { formatEther, formatUnits, parseEther, parseUnits } from 'viem';
import { useAdminQuery } from '@/hooks/useAdminData';
import { type ConsoleChainRequest, useConsoleChainAction } from '@/hooks/useConsoleChainAction';
import { apiClient } from '@/lib/api/apiClient';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';
import { fieldClass } from '../ui/fieldClass';
import { Stat } from '../ui/Stat';
import { ReasonField } from './ReasonField';
import { TimelockOperationsList } from './TimelockOperationsList';

const usd = (value: string | null) => (value === null ? '—' : `$${formatUnits(BigInt(value), 8)}`);

/**
 * The chain levers, each a transaction from the operator's own wallet after a fresh signature:
 * staking (reward rate, reserve and its runway, fund it), the FAR/USD feed (bounds, deviation),
 * timelocked operations (execute once ready, cancel while pending), pause / unpause per contract.
 */
export function ChainLeversSection({ roles }: { roles: string[] }) {
  const state = useAdminQuery(['chain'], (headers) => apiClient.GET('/api/admin/chain', { headers }), 15_000);
  const { run, busy, outcome } = useConsoleChainAction();
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState('');
  const [rate, setRate] = useState('');
  const [price, setPrice] = useState('');
  const act = (request: Omit<ConsoleChainRequest, 'reason'>) =>
    void run({ ...request, reason }).then(() => state.refetch());
  const parse = (parser: () => bigint) => {
    try {
      return parser().toString();
    } catch {
      return '';
    }
  };
  return (
    <Card id="chain" aria-labelledby="chain-title">
      <h2 id="chain-title" className="mb-4 text-xl font-semibold">
        Staking, price feed, pause
      </h2>
      <ReasonField id="chain-reason" label="Reason for chain actions" value={reason} onChange={setReason} />
      {outcome ? (
        <p
          role={outcome.ok ? 'status' : 'alert'}
          className={`mt-2 text-sm ${outcome.ok ? 'text-emerald-300' : 'text-red-300'}`}
        >
          {outcome.message}
        </p>
      ) : null}
      <DataState query={state} empty="No contracts.">
        {(chain) => (
          <div className="mt-4 flex flex-col gap-4">
            <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
              <Stat
                label="Reward rate"
                value={chain.staking.rewardRateBps === null ? '—' : `${chain.staking.rewardRateBps} bps`}
              />
              <Stat
                label="Reserve"
                value={
                  chain.staking.reserveWei === null
                    ? '—'
                    : `${formatEther(BigInt(chain.staking.reserveWei))} FAR`
                }
              />
              <Stat
                label="Reserve runway"
                value={chain.staking.runwayDays === null ? 'no draw' : `${chain.staking.runwayDays} days`}
              />
              <Stat
                label="FAR/USD"
                value={usd(chain.priceFeed.answer)}
                hint={`bounds ${usd(chain.priceFeed.minAnswer)}–${usd(chain.priceFeed.maxAnswer)}, max move ${chain.priceFeed.maxDeviationBps ?? '—'} bps`}
                testId="far-usd-price"
              />
            </div>
            {roles.includes('treasurer') ? (
              <div className="grid gap-3 md:grid-cols-4">
                <input
                  className={fieldClass}
                  aria-label="Reserve amount (FAR)"
                  value={amount}
                  onChange={(e) => setAmount(e.target.value)}
                  placeholder="FAR"
                />
                <Button
                  disabled={busy}
                  onClick={() =>
                    act({
                      action: 'staking.fundReserve',
                      params: { amountWei: parse(() => parseEther(amount)) },
                    })
                  }
                >
                  Fund reserve
                </Button>
                <input
                  className={fieldClass}
                  aria-label="Reward rate (bps)"
                  value={rate}
                  onChange={(e) => setRate(e.target.value)}
                  placeholder="bps"
                />
                <Button
                  disabled={busy}
                  onClick={() => act({ action: 'staking.setRewardRate', params: { rateBps: rate } })}
                >
                  {chain.timelock
                    ? `Schedule reward rate (${chain.timelock.delaySeconds ?? '?'} s delay)`
                    : 'Set reward rate'}
                </Button>
              </div>
            ) : null}
            {roles.includes('priceKeeper') ? (
              <div className="grid gap-3 md:grid-cols-4">
                <input
                  className={fieldClass}
                  aria-label="FAR/USD price"
                  value={price}
                  onChange={(e) => setPrice(e.target.value)}
                  placeholder="0.10"
                />
                <Button
                  disabled={busy}
                  onClick={() =>
                    act({
                      action: 'priceFeed.setPrice',
                      params: { answer: parse(() => parseUnits(price, 8)) },
                    })
                  }
                >
                  Set price
                </Button>
              </div>
            ) : null}
            {chain.timelock && chain.timelock.operations.length > 0 ? (
              <TimelockOperationsList
                operations={chain.timelock.operations}
                treasurer={roles.includes('treasurer')}
                busy={busy}
                act={act}
              />
            ) : null}
            <ul className="flex flex-col gap-2 text-sm">
              {Object.entries(chain.paused).map(([contract, paused]) => (
                <li key={contract} className="flex items-center justify-between gap-3">
                  <span>
                    {contract}:{' '}
                    <span data-testid={`paused-${contract}`}>
                      {paused === null ? 'not pausable' : paused ? 'PAUSED' : 'running'}
                    </span>
                  </span>
                  {roles.includes('operator') && paused !== null ? (
                    <Button
                      variant={paused ? 'secondary' : 'danger'}
                      disabled={busy}
                      onClick={() =>
                        act({ action: paused ? 'contract.unpause' : 'contract.pause', contract, params: {} })
                      }
                    >
                      {paused ? `Unpause ${contract}` : `Pause ${contract}`}
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        )}
      </DataState>
    </Card>
  );
}
