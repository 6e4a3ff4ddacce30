import { findUnstorableCharacter, UNSTORABLE_TEXT_MESSAGE } from '@far/protocol';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { BaseError } from '../errors/BaseError.js';
import type { AppEnv } from './appEnv.js';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;
/**
 * The only way a parsed JSON string can hold NUL or an unpaired surrogate: a `\u0000` or
 * `\uD800`–`\uDFFF` escape. Raw control characters make JSON.parse fail anyway, and decoded UTF-8
 * never yields a lone surrogate (invalid bytes become U+FFFD). A body without such an escape, nearly
 * every body, is therefore not parsed here a second time.
 */
const MAYBE_UNSTORABLE_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

/**
 * Where in a request the text was, as the error's `param` names it: a body field as zod names it
 * (`messages.0.content`), or `path`, `query.<name>`, `cookie.<name>`.
 */
type Found = { where: string; character: string };

function findInString(text: string, where: string): Found | undefined {
  const found = findUnstorableCharacter(text);
  return found ? { where, character: found.character } : undefined;
}

/** The first unstorable string in parsed JSON, keys included, depth first. */
function findInJson(value: unknown, path: string[]): Found | undefined {
  if (typeof value === 'string') return findInString(value, path.join('.') || 'body');
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = findInString(key, [...path, key].join('.')) ?? findInJson(item, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // Not percent-decodable (a stray `%`, bytes that are not UTF-8): routes see it raw too.
    return segment;
  }
}

/**
 * Refuses, with 400 `invalid_text`, any request carrying text PostgreSQL cannot store: U+0000 or
 * an unpaired UTF-16 surrogate, anywhere a route reads text from: the path (percent-decoded, as
 * route params are), the query string (names and values), cookies (decoded), and a JSON body
 * (every string and every key, at any depth). One rule for every route, present and future, so
 * no such text reaches a handler, a database write, or a bill.
 *
 * Refused rather than cleaned: the client learns which field to fix, and what a paid request
 * sends to the node is exactly what it is billed and logged for. Other headers cannot carry these
 * characters (HTTP forbids NUL in them and their bytes decode as Latin-1, never as surrogates).
 * A body that is not JSON is left to the route's own validation (`invalid_json`).
 *
 * @returns Hono middleware; mount it after the body limit so an oversized body is never read here.
 * @example
 * app.use(rejectUnstorableText());
 */
export function rejectUnstorableText() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const found =
      c.req.path
        .split('/')
        .map((segment) => findInString(decodeSegment(segment), 'path'))
        .find(Boolean) ??
      Object.entries(c.req.queries())
        .map(([name, values]) =>
          [name, ...values].map((text) => findInString(text, `query.${name}`)).find(Boolean),
        )
        .find(Boolean) ??
      Object.entries(getCookie(c))
        .map(([name, value]) => findInString(name, 'cookie') ?? findInString(value, `cookie.${name}`))
        .find(Boolean) ??
      (await findInJsonBody(c.req));
    if (found) {
      throw new BaseError(
        'invalid_text',
        `${found.where}: ${UNSTORABLE_TEXT_MESSAGE} (found ${found.character})`,
        {
          details: { field: found.where },
        },
      );
    }
    await next();
  });
}

async function findInJsonBody(req: {
  raw: Request;
  header(name: string): string | undefined;
  text(): Promise<string>;
}): Promise<Found | undefined> {
  const mediaType = req.header('content-type')?.split(';')[0]?.trim() ?? '';
  // Not `req.raw.body`: reading it makes @hono/node-server read the body through web streams (see
  // limitBodySize); a body-less request reads as ''.
  if (req.raw.method === 'GET' || req.raw.method === 'HEAD' || !JSON_MEDIA_TYPE.test(mediaType))
    return undefined;
  // Read through the body limit and cached: the route's validator parses the same text again.
  const text = await req.text();
  if (!MAYBE_UNSTORABLE_ESCAPE.test(text)) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  return findInJson(body, []);
}
