'use client';

import { useFarActions } from '@/hooks/useFarActions';
import { useFarPositions } from '@/hooks/useFarPositions';
import { useWeb3 } from '@/hooks/useWeb3';
import { formatFar } from '@/lib/format/formatFar';
import { Card } from '../ui/Card';
import { Stat } from '../ui/Stat';
import { AmountForm } from '../web3/AmountForm';

/** Earnings the payment contract credited to this wallet's node, and a withdrawal (pull payment). */
export function NodeEarnings() {
  const { isConnected, isWrongNetwork } = useWeb3();
  const positions = useFarPositions();
  const actions = useFarActions();
  return (
    <Card aria-labelledby="node-earnings" className="flex flex-col gap-4">
      <h2 id="node-earnings" className="text-xl font-semibold">
        Earnings on-chain
      </h2>
      <Stat
        label="Withdrawable node earnings"
        testId="node-credit"
        value={positions.nodeCreditWei === undefined ? '—' : `${formatFar(positions.nodeCreditWei)} FAR`}
        hint="Credited by each settlement batch; withdraw any time."
      />
      <AmountForm
        label="Withdraw earnings"
        submitLabel="Withdraw"
        testId="withdraw-earnings-form"
        busy={actions.busy === 'Withdraw earnings'}
        disabled={!isConnected || isWrongNetwork || !positions.nodeCreditWei}
        onSubmit={actions.withdrawEarnings}
      />
    </Card>
  );
}
