import { apiClient, bearer } from '../api/apiClient';
import type { components } from '../api/apiSchema.generated';
import { readApiData } from '../api/readApiData';

// FarTwin AI's API calls, typed from the API's own OpenAPI document. Chat itself is the
// OpenAI-compatible `/v1/chat/completions` with `model: "twin:<handle>"` (streamTwinChat.ts).

type Schemas = components['schemas'];

const toTwin = (twin: Schemas['Twin']) => ({
  ...twin,
  creatorFeeWeiPerMillion: BigInt(twin.creatorFeeWeiPerMillion),
});
/** A twin as the app shows it: the fee in wei per million tokens as a bigint. */
export type Twin = ReturnType<typeof toTwin>;

/** What the owner sets on a twin (the API's create body; the handle is fixed once created). */
export type TwinFields = {
  handle: string;
  name: string;
  persona: string;
  baseModel: string;
  visibility: 'private' | 'unlisted' | 'public';
  greeting: string;
  avatar: string | null;
  category: string;
  creatorFeeWeiPerMillion: bigint;
};

/** The gallery's filter: a search, a category, most used or newest first. */
export type GalleryFilter = {
  search?: string | undefined;
  category?: string | undefined;
  sort: 'most_used' | 'newest';
};

/** Public twins, searchable and by category. */
export function fetchGallery(filter: GalleryFilter) {
  const query = {
    sort: filter.sort,
    ...(filter.search?.trim() ? { search: filter.search.trim() } : {}),
    ...(filter.category ? { category: filter.category } : {}),
  };
  return readApiData(apiClient.GET('/api/fartwin/twins', { params: { query } }), (body) =>
    body.data.map(toTwin),
  );
}

/** One twin (a private one only for its owner, so the token is sent when there is one). */
export function fetchTwin(handle: string, accessToken: string | null) {
  return readApiData(
    apiClient.GET('/api/fartwin/twins/{handle}', {
      params: { path: { handle } },
      headers: bearer(accessToken),
    }),
    toTwin,
  );
}

/** The signed-in user's own twins, every visibility. */
export function fetchMyTwins(accessToken: string) {
  return readApiData(apiClient.GET('/api/fartwin/my/twins', { headers: bearer(accessToken) }), (body) =>
    body.data.map(toTwin),
  );
}

const toBody = (fields: Partial<TwinFields>) => ({
  ...fields,
  ...(fields.creatorFeeWeiPerMillion === undefined
    ? {}
    : { creatorFeeWeiPerMillion: fields.creatorFeeWeiPerMillion.toString() }),
});

/** Creates a twin owned by the signed-in wallet. */
export function createTwin(accessToken: string, fields: TwinFields) {
  return readApiData(
    apiClient.POST('/api/fartwin/twins', { body: toBody(fields) as never, headers: bearer(accessToken) }),
    toTwin,
  );
}

/** Changes a twin's fields (not its handle). */
export function updateTwin(accessToken: string, handle: string, fields: Partial<Omit<TwinFields, 'handle'>>) {
  return readApiData(
    apiClient.PATCH('/api/fartwin/twins/{handle}', {
      params: { path: { handle } },
      body: toBody(fields) as never,
      headers: bearer(accessToken),
    }),
    toTwin,
  );
}

/** Copies a twin (persona, settings and knowledge) under a new handle. */
export function duplicateTwin(accessToken: string, handle: string, newHandle: string) {
  return readApiData(
    apiClient.POST('/api/fartwin/twins/{handle}/duplicate', {
      params: { path: { handle } },
      body: { handle: newHandle } as never,
      headers: bearer(accessToken),
    }),
    toTwin,
  );
}

/** Deletes a twin with every document, chunk, conversation and memory it has. */
export function deleteTwin(accessToken: string, handle: string) {
  return readApiData(
    apiClient.DELETE('/api/fartwin/twins/{handle}', {
      params: { path: { handle } },
      headers: bearer(accessToken),
    }),
    () => undefined,
  );
}

/** A twin's documents, with their indexing status. */
export function fetchDocuments(accessToken: string, handle: string) {
  return readApiData(
    apiClient.GET('/api/fartwin/twins/{handle}/documents', {
      params: { path: { handle } },
      headers: bearer(accessToken),
    }),
    (body) => body.data,
  );
}

/** Uploads a document (Markdown, text or PDF) to a twin's knowledge; answers once it is indexed. */
export function uploadDocument(accessToken: string, handle: string, file: File) {
  const form = new FormData();
  form.set('file', file);
  return readApiData(
    apiClient.POST('/api/fartwin/twins/{handle}/documents', {
      params: { path: { handle } },
      body: form as never,
      bodySerializer: () => form,
      headers: bearer(accessToken),
    }),
    (document) => document,
  );
}

/** Removes a document and its chunks from a twin's knowledge. */
export function deleteDocument(accessToken: string, handle: string, documentId: string) {
  return readApiData(
    apiClient.DELETE('/api/fartwin/twins/{handle}/documents/{documentId}', {
      params: { path: { handle, documentId } },
      headers: bearer(accessToken),
    }),
    () => undefined,
  );
}

/** What a twin remembers about the signed-in user, and whether the twin may save facts itself. */
export function fetchMemories(accessToken: string, handle: string) {
  return readApiData(
    apiClient.GET('/api/fartwin/twins/{handle}/memories', {
      params: { path: { handle } },
      headers: bearer(accessToken),
    }),
    (body) => body,
  );
}
/** One remembered fact. */
export type TwinMemory = Awaited<ReturnType<typeof fetchMemories>>['data'][number];

/** Saves a fact for the twin to remember about the signed-in user. */
export function addMemory(accessToken: string, handle: string, content: string) {
  return readApiData(
    apiClient.POST('/api/fartwin/twins/{handle}/memories', {
      params: { path: { handle } },
      body: { content },
      headers: bearer(accessToken),
    }),
    (memory) => memory,
  );
}

/** Rewrites a remembered fact. */
export function editMemory(accessToken: string, handle: string, memoryId: string, content: string) {
  return readApiData(
    apiClient.PATCH('/api/fartwin/twins/{handle}/memories/{memoryId}', {
      params: { path: { handle, memoryId } },
      body: { content },
      headers: bearer(accessToken),
    }),
    (memory) => memory,
  );
}

/** Forgets a remembered fact. */
export function deleteMemory(accessToken: string, handle: string, memoryId: string) {
  return readApiData(
    apiClient.DELETE('/api/fartwin/twins/{handle}/memories/{memoryId}', {
      params: { path: { handle, memoryId } },
      headers: bearer(accessToken),
    }),
    () => undefined,
  );
}

/** Lets (or stops) the twin save facts it proposes during a chat. */
export function setTwinMayRemember(accessToken: string, handle: string, allowTwinMemories: boolean) {
  return readApiData(
    apiClient.PUT('/api/fartwin/twins/{handle}/memory-settings', {
      params: { path: { handle } },
      body: { allowTwinMemories },
      headers: bearer(accessToken),
    }),
    (settings) => settings,
  );
}

/** Everything the twin keeps about the signed-in user (memories, conversations), as JSON. */
export function exportMemories(accessToken: string, handle: string) {
  return readApiData(
    apiClient.GET('/api/fartwin/twins/{handle}/memories/export', {
      params: { path: { handle } },
      headers: bearer(accessToken),
    }),
    (body) => body,
  );
}
