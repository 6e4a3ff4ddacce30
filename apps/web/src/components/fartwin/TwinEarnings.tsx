'use client';

import { useFarActions } from '@/hooks/useFarActions';
import { useTwinEarnings } from '@/hooks/useTwinEarnings';
import { useWeb3 } from '@/hooks/useWeb3';
import { formatFar } from '@/lib/format/formatFar';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';
import { Stat } from '../ui/Stat';
import { AmountForm } from '../web3/AmountForm';

/**
 * The creator's earnings in the studio: per twin the chats, tokens and fee earned, pending (charged,
 * waiting for settlement) and settled (credited on chain); the wallet's withdrawable credit and a
 * withdrawal, as for node earnings. Refreshes by itself, so earnings arrive while the page is open.
 */
export function TwinEarnings() {
  const { earnings, withdrawableWei } = useTwinEarnings();
  const { isConnected, isWrongNetwork } = useWeb3();
  const actions = useFarActions();
  return (
    <Card aria-labelledby="twin-earnings" className="flex flex-col gap-4">
      <h2 id="twin-earnings" className="text-xl font-semibold">
        Earnings
      </h2>
      <DataState query={earnings} empty={null}>
        {({ twins, totals }) => (
          <>
            <div className="grid gap-3 sm:grid-cols-3">
              <Stat label="Earned" testId="twin-earned" value={`${formatFar(totals.earnedWei)} FAR`} />
              <Stat
                label="Pending settlement"
                testId="twin-pending"
                value={`${formatFar(totals.pendingWei)} FAR`}
                hint="Charged to callers; the next settlement batch credits it on chain."
              />
              <Stat
                label="Withdrawable on chain"
                testId="twin-withdrawable"
                value={withdrawableWei === undefined ? '—' : `${formatFar(withdrawableWei)} FAR`}
                hint="Credited to your wallet by settlement; withdraw any time."
              />
            </div>
            {twins.length === 0 ? (
              <p className="text-sm text-muted">No paid chats yet: public twins with a fee earn here.</p>
            ) : (
              <div className="overflow-x-auto">
                <table className="w-full text-left text-sm" data-testid="twin-earnings-table">
                  <thead className="text-muted">
                    <tr>
                      <th className="py-1 pr-3 font-normal">Twin</th>
                      <th className="py-1 pr-3 text-right font-normal">Chats</th>
                      <th className="py-1 pr-3 text-right font-normal">Tokens</th>
                      <th className="py-1 pr-3 text-right font-normal">Earned</th>
                      <th className="py-1 pr-3 text-right font-normal">Pending</th>
                      <th className="py-1 text-right font-normal">Settled</th>
                    </tr>
                  </thead>
                  <tbody>
                    {twins.map((twin) => (
                      <tr key={twin.twinId ?? twin.handle} className="border-t border-line">
                        <td className="py-1 pr-3">
                          twin:{twin.handle}
                          {twin.twinId === null ? <span className="text-muted"> (deleted)</span> : null}
                        </td>
                        <td className="py-1 pr-3 text-right">{twin.chats}</td>
                        <td className="py-1 pr-3 text-right">{twin.tokens}</td>
                        <td className="py-1 pr-3 text-right">{formatFar(twin.earnedWei)}</td>
                        <td className="py-1 pr-3 text-right">{formatFar(twin.pendingWei)}</td>
                        <td className="py-1 text-right">{formatFar(twin.settledWei)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </DataState>
      <AmountForm
        label="Withdraw creator earnings"
        submitLabel="Withdraw"
        testId="withdraw-creator-earnings-form"
        busy={actions.busy === 'Withdraw creator earnings'}
        disabled={!isConnected || isWrongNetwork || !withdrawableWei}
        onSubmit={actions.withdrawCreatorEarnings}
      />
    </Card>
  );
}
