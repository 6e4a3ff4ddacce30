'use client';

import { useQuery } from '@tanstack/react-query';
import { useSession } from '@/lib/auth/SessionProvider';
import {
  fetchDocuments,
  fetchGallery,
  fetchMemories,
  fetchMyTwins,
  fetchTwin,
  type GalleryFilter,
} from '@/lib/fartwin/fartwinEndpoints';

/** React Query keys of FarTwin's views; every key starts with 'fartwin', so a chat refreshes them all. */
export const fartwinKeys = {
  all: ['fartwin'] as const,
  gallery: (filter: GalleryFilter) => ['fartwin', 'gallery', filter] as const,
  twin: (handle: string, userId: string | undefined) => ['fartwin', 'twin', handle, userId] as const,
  mine: (userId: string | undefined) => ['fartwin', 'mine', userId] as const,
  documents: (handle: string) => ['fartwin', 'documents', handle] as const,
  memories: (handle: string, userId: string | undefined) => ['fartwin', 'memories', handle, userId] as const,
};

/** The public twins for a filter. */
export function useGallery(filter: GalleryFilter) {
  return useQuery({ queryKey: fartwinKeys.gallery(filter), queryFn: () => fetchGallery(filter) });
}

/** One twin, as the signed-in user (if any) may see it; waits for the session to be restored. */
export function useTwin(handle: string) {
  const { accessToken, user, status } = useSession();
  return useQuery({
    queryKey: fartwinKeys.twin(handle, user?.id),
    queryFn: () => fetchTwin(handle, accessToken),
    enabled: status !== 'restoring',
  });
}

/** The signed-in user's own twins. */
export function useMyTwins() {
  const { accessToken, user } = useSession();
  return useQuery({
    queryKey: fartwinKeys.mine(user?.id),
    queryFn: () => fetchMyTwins(accessToken as string),
    enabled: Boolean(accessToken),
  });
}

/** A twin's documents (its owner only). */
export function useTwinDocuments(handle: string) {
  const { accessToken } = useSession();
  return useQuery({
    queryKey: fartwinKeys.documents(handle),
    queryFn: () => fetchDocuments(accessToken as string, handle),
    enabled: Boolean(accessToken),
  });
}

/** What a twin remembers about the signed-in user. */
export function useTwinMemories(handle: string) {
  const { accessToken, user } = useSession();
  return useQuery({
    queryKey: fartwinKeys.memories(handle, user?.id),
    queryFn: () => fetchMemories(accessToken as string, handle),
    enabled: Boolean(accessToken),
  });
}
