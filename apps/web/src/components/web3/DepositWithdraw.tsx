'use client';

import { useFarActions } from '@/hooks/useFarActions';
import { useWeb3 } from '@/hooks/useWeb3';
import { Card } from '../ui/Card';
import { AmountForm } from './AmountForm';

/** Deposit FAR into the payment contract (for inference) and withdraw what is not reserved. */
export function DepositWithdraw() {
  const { isConnected, isWrongNetwork } = useWeb3();
  const actions = useFarActions();
  const disabled = !isConnected || isWrongNetwork;
  return (
    <Card aria-labelledby="deposit-heading">
      <h2 id="deposit-heading" className="mb-4 text-xl font-semibold">
        Deposit &amp; withdraw
      </h2>
      <div className="grid gap-6 md:grid-cols-2">
        <AmountForm
          label="Deposit FAR for inference"
          submitLabel="Deposit"
          testId="deposit-form"
          busy={actions.busy === 'Deposit'}
          disabled={disabled}
          onSubmit={actions.deposit}
        />
        <AmountForm
          label="Withdraw available FAR"
          submitLabel="Withdraw"
          testId="withdraw-form"
          busy={actions.busy === 'Withdraw'}
          disabled={disabled}
          onSubmit={actions.withdraw}
        />
      </div>
    </Card>
  );
}
