import {
  type RealtimeChannel,
  type RealtimeChannelInput,
  type RealtimeChannelMessage,
  realtimeChannelSchemas,
} from './channels.js';
import type { RealtimeBus } from './RealtimeBus.js';
import { toClientPayload } from './toClientPayload.js';

/**
 * Validates a message against its channel's schema and publishes it on the bus in wire form
 * (bigint as decimal strings, dates as ISO strings). Services call this rather than
 * `bus.publish` so a malformed update fails loudly where it is made.
 *
 * @param bus - the message bus (`createBus(redisUrl?)`).
 * @param channel - `inference:updates`, `node:metrics` or `revenue:updates`.
 * @param message - the payload; wei may be bigint.
 * @returns the parsed message that was published.
 * @throws ZodError when the message does not match the channel's schema.
 * @example
 * await publishRealtime(bus, 'inference:updates', { taskId, userId, seq: 0, text: 'Hel' });
 */
export async function publishRealtime<C extends RealtimeChannel>(
  bus: Pick<RealtimeBus, 'publish'>,
  channel: C,
  message: RealtimeChannelInput[C],
): Promise<RealtimeChannelMessage[C]> {
  const parsed = realtimeChannelSchemas[channel].parse(message) as RealtimeChannelMessage[C];
  await bus.publish(channel, toClientPayload(parsed));
  return parsed;
}
