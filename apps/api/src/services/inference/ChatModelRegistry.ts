import type { Db } from '@far/db';
import type { InferenceSurcharge } from './InferenceSurcharge.js';
import type { StartInferenceInput } from './StartInferenceInput.js';
import type { InferenceRun } from './startInference.js';

/** A chat run another service prepared, with how the response presents it. */
export type ProvidedChatRun = {
  run: InferenceRun;
  /** The model id the client asked for (`twin:far-guide`), shown in every chunk instead of the base model. */
  modelId: string;
  /** Fields added to the response body, and to the final usage chunk of a stream (e.g. `citations`). */
  responseFields: Record<string, unknown>;
};

/**
 * A service that answers chat for model ids with its prefix (FarTwin AI: `twin:`), by composing
 * the request and running it through Far Inference with the function it is handed, so failover,
 * cancel and exact billing apply unchanged.
 */
export type ChatModelProvider = {
  prefix: string;
  start: (
    input: StartInferenceInput & { headers: Headers },
    runInference: (input: StartInferenceInput) => Promise<InferenceRun>,
  ) => Promise<ProvidedChatRun>;
  /**
   * Rebuilds the surcharge of a task a dead coordinator left open (see InferenceSurcharge.recovery),
   * at the price it was admitted at; undefined when it no longer applies (the twin is gone).
   */
  recoverSurcharge?: (
    db: Db,
    recovery: { ref: string; weiPerMillionTokens: bigint; payerUserId: string },
  ) => Promise<InferenceSurcharge | undefined>;
};

/** Where services register the chat model ids they serve; `/v1/chat/completions` looks here first. */
export type ChatModelRegistry = {
  register: (provider: ChatModelProvider) => void;
  /** The provider whose prefix starts `modelId`, if any. */
  find: (modelId: string) => ChatModelProvider | undefined;
};

/**
 * An empty registry; the platform core holds one, services register into it when they are built.
 *
 * @example
 * const chatModels = createChatModelRegistry();
 * chatModels.register({ prefix: 'twin:', start: startTwinChat });
 * chatModels.find('twin:far-guide'); // the provider
 */
export function createChatModelRegistry(): ChatModelRegistry {
  const providers: ChatModelProvider[] = [];
  return {
    register(provider) {
      if (
        providers.some((p) => p.prefix.startsWith(provider.prefix) || provider.prefix.startsWith(p.prefix))
      ) {
        throw new Error(`Chat model prefix ${provider.prefix} overlaps one already registered`);
      }
      providers.push(provider);
    },
    find: (modelId) => providers.find((p) => modelId.startsWith(p.prefix)),
  };
}
