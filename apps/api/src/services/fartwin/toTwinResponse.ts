import type { FartwinTwin } from '@far/db';
import type { TwinResponse } from './twinSchemas.js';

/**
 * A twin as the API shows it: its model id, its fee as a decimal string, and whether the viewer owns it.
 *
 * @param twin - the stored row.
 * @param ownerAddress - the owner's wallet.
 * @param viewerUserId - who asks (undefined when anonymous).
 */
export function toTwinResponse(
  twin: FartwinTwin,
  ownerAddress: string,
  viewerUserId: string | undefined,
): TwinResponse {
  return {
    id: twin.id,
    model: `twin:${twin.handle}`,
    handle: twin.handle,
    name: twin.name,
    avatar: twin.avatar,
    persona: twin.persona,
    greeting: twin.greeting,
    baseModel: twin.baseModel,
    visibility: twin.visibility,
    category: twin.category,
    creatorFeeWeiPerMillion: twin.creatorFeeWeiPerMillion.toString(),
    chatCount: twin.chatCount,
    ownerAddress,
    isOwner: viewerUserId === twin.ownerUserId,
    createdAt: twin.createdAt.toISOString(),
    updatedAt: twin.updatedAt.toISOString(),
  };
}
