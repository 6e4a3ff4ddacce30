'use client';

import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useSignTypedData } from 'wagmi';
import { fetchSpendingTypedData, storeSpendingAuthorization } from '@/lib/api/endpoints';
import { useSession } from '@/lib/auth/SessionProvider';
import { parseFarInput } from '@/lib/format/parseFarInput';
import { describeError } from '@/lib/web3/describeError';
import { isUserRejection } from '@/lib/web3/isUserRejection';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';

/**
 * Signs the EIP-712 spending authorization that lets settlement batches charge this wallet for
 * inference, up to a cap the person chooses (one signature, not one transaction per request).
 */
export function SpendingAuthorization({ onAuthorized }: { onAuthorized?: () => void }) {
  const capId = useId();
  const { accessToken } = useSession();
  const queryClient = useQueryClient();
  const signTypedData = useSignTypedData();
  const [cap, setCap] = useState('100');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'neutral' | 'error'; text: string } | null>(null);

  const authorize = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseFarInput(cap);
    if (!parsed.ok || !accessToken) {
      setMessage({ tone: 'error', text: 'Enter a cap greater than zero.' });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const typed = await fetchSpendingTypedData(accessToken, parsed.wei);
      const signature = await signTypedData.mutateAsync({
        domain: { ...typed.domain },
        types: typed.types,
        primaryType: 'SpendingAuthorization',
        message: {
          user: typed.message.user,
          cap: BigInt(typed.message.cap),
          expiry: BigInt(typed.message.expiry),
          nonce: BigInt(typed.message.nonce),
        },
      });
      await storeSpendingAuthorization(accessToken, {
        cap: typed.message.cap,
        expiry: typed.message.expiry,
        nonce: typed.message.nonce,
        signature,
      });
      setMessage({ tone: 'ok', text: 'Spending authorized.' });
      void queryClient.invalidateQueries();
      onAuthorized?.();
    } catch (error) {
      setMessage(
        isUserRejection(error)
          ? { tone: 'neutral', text: 'Cancelled in the wallet.' }
          : { tone: 'error', text: describeError(error) },
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card aria-labelledby="spending-heading" data-testid="spending-authorization">
      <h2 id="spending-heading" className="mb-2 text-xl font-semibold">
        Spending authorization
      </h2>
      <p className="mb-3 text-sm text-muted">
        Inference is settled on chain in batches. Sign once to let them charge your deposit up to a cap.
      </p>
      <form onSubmit={authorize} className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="flex-1">
          <label htmlFor={capId} className="mb-1 block text-sm text-muted">
            Cap (FAR)
          </label>
          <input
            id={capId}
            inputMode="decimal"
            value={cap}
            onChange={(event) => setCap(event.target.value)}
            className="w-full rounded-lg border border-line bg-surface-raised px-3 py-2 text-white focus:border-brand focus:outline-none"
          />
        </div>
        <Button type="submit" disabled={busy || !accessToken}>
          {busy ? 'Confirm in wallet…' : 'Authorize spending'}
        </Button>
      </form>
      {message ? (
        <p
          role={message.tone === 'error' ? 'alert' : 'status'}
          className={`mt-2 text-sm ${message.tone === 'error' ? 'text-red-300' : message.tone === 'ok' ? 'text-emerald-300' : 'text-muted'}`}
        >
          {message.text}
        </p>
      ) : null}
    </Card>
  );
}
