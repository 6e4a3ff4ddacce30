import { z } from '@hono/zod-openapi';
import type { ActivityCursor } from './ServiceActivity.js';

/**
 * Writes a history cursor as the opaque string clients send back as `?before=`: base64url of
 * `<milliseconds>:<id>`.
 *
 * @param cursor - the last item of a page.
 * @returns the string.
 * @example
 * const nextCursor = encodeActivityCursor({ createdAt: last.createdAt, id: last.id });
 */
export function encodeActivityCursor(cursor: ActivityCursor): string {
  return Buffer.from(`${cursor.createdAt.getTime()}:${cursor.id}`).toString('base64url');
}

/** `?before=`: a cursor from `nextCursor`, parsed once at the boundary (422 when it is not one). */
export const ActivityCursorString = z
  .string()
  .max(400)
  .transform((value, context): ActivityCursor => {
    const match = /^(\d{1,15}):([\w:.-]{1,300})$/.exec(Buffer.from(value, 'base64url').toString());
    if (!match?.[1] || !match[2]) {
      context.addIssue({ code: 'custom', message: 'not a cursor from nextCursor' });
      return z.NEVER;
    }
    return { createdAt: new Date(Number(match[1])), id: match[2] };
  })
  .openapi({ type: 'string', description: "a page's nextCursor: the items after it" });
