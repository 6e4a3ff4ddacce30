'use client';

import { useQuery } from '@tanstack/react-query';
import { useSession } from '@/lib/auth/SessionProvider';
import {
  type CatalogueFilter,
  fetchCatalogue,
  fetchGame,
  fetchLibrary,
  fetchStoreSettings,
  fetchStudioGames,
  fetchStudioLedger,
} from '@/lib/gamed/gamedEndpoints';

/** React Query keys of Far GameD's views; a mined transaction refreshes them all (PendingTransactions). */
const gamedKeys = {
  settings: ['gamed', 'settings'] as const,
  catalogue: (filter: CatalogueFilter) =>
    ['gamed', 'catalogue', { ...filter, maxPriceWei: filter.maxPriceWei?.toString() }] as const,
  game: (ref: string) => ['gamed', 'game', ref] as const,
  library: (userId: string | undefined) => ['gamed', 'library', userId] as const,
  studio: (userId: string | undefined) => ['gamed', 'studio', userId] as const,
  ledger: (userId: string | undefined) => ['gamed', 'studio', 'ledger', userId] as const,
};

/** The store's settings: the GameLicenses address, the upload part size and platform rules. */
export function useStoreSettings() {
  return useQuery({ queryKey: gamedKeys.settings, queryFn: fetchStoreSettings, staleTime: Infinity });
}

/** The catalogue for a filter. */
export function useCatalogue(filter: CatalogueFilter) {
  return useQuery({ queryKey: gamedKeys.catalogue(filter), queryFn: () => fetchCatalogue(filter) });
}

/** One game by id or slug; refreshed every few seconds so a purchase or listing shows up. */
export function useGame(ref: string) {
  return useQuery({ queryKey: gamedKeys.game(ref), queryFn: () => fetchGame(ref), refetchInterval: 5_000 });
}

/** The signed-in wallet's games. */
export function useLibrary() {
  const { accessToken, user } = useSession();
  return useQuery({
    queryKey: gamedKeys.library(user?.id),
    queryFn: () => fetchLibrary(accessToken as string),
    enabled: accessToken !== null,
    refetchInterval: 5_000,
  });
}

/**
 * The studio's games with their sales. Refreshed every few seconds, so a sale shows on the
 * dashboard moments after it is mined.
 */
export function useStudioGames() {
  const { accessToken, user } = useSession();
  return useQuery({
    queryKey: gamedKeys.studio(user?.id),
    queryFn: () => fetchStudioGames(accessToken as string),
    enabled: accessToken !== null,
    refetchInterval: 3_000,
  });
}

/**
 * The studio's ledger (payout, sales and refunds, royalties, withdrawals) from the API's chain
 * mirror. Under the `['gamed', 'studio']` key, so a live sale notice refreshes it with the games.
 */
export function useStudioLedger() {
  const { accessToken, user } = useSession();
  return useQuery({
    queryKey: gamedKeys.ledger(user?.id),
    queryFn: () => fetchStudioLedger(accessToken as string),
    enabled: accessToken !== null,
    refetchInterval: 5_000,
  });
}
