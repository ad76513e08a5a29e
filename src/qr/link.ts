import { SOURCE_TAG } from '../bot/stats';
import type { TaggedLink } from './types';

export { SOURCE_TAG };

/** A link or tag that cannot be used; `field` names the argument at fault. */
export class LinkError extends Error {
  constructor(
    readonly field: 'url' | 'source',
    message: string,
  ) {
    super(message);
    this.name = 'LinkError';
  }
}

const TELEGRAM_HOSTS = new Set(['t.me', 'www.t.me', 'telegram.me', 'www.telegram.me']);
/** https://t.me/<username>: a bot's deep link (usernames are letters, digits and "_"). */
const TELEGRAM_BOT_PATH = /^\/[A-Za-z0-9_]+\/?$/;

/** The key of one raw "key=value" query pair, decoded; undefined when it is not valid percent-encoding. */
function queryKey(pair: string): string | undefined {
  const raw = pair.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * Adds a source tag to a link: `src=TAG` in the query of a web link (other parameters kept as
 * they are, an existing `src` replaced), or `start=TAG` for a Telegram bot link, since Telegram
 * passes only `start` on to the bot (as "/start TAG"). Throws a LinkError for a tag the bot would
 * not accept or a link that is not http(s).
 */
export function tagLink(url: string, tag: string): TaggedLink {
  if (!SOURCE_TAG.test(tag)) {
    throw new LinkError('source', `the source tag "${tag}" must be 1 to 64 letters, digits, "_" or "-"`);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LinkError('url', `"${url}" is not a valid URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new LinkError('url', `the URL must start with http:// or https:// (got ${parsed.protocol})`);
  }
  if (parsed.hostname === '') throw new LinkError('url', `"${url}" has no host`);
  if (parsed.username !== '' || parsed.password !== '') {
    throw new LinkError('url', 'the URL must not contain a user name or password');
  }

  const channel = TELEGRAM_HOSTS.has(parsed.hostname) && TELEGRAM_BOT_PATH.test(parsed.pathname) ? 'telegram' : 'web';
  const param = channel === 'telegram' ? 'start' : 'src';
  const kept = parsed.search
    .replace(/^\?/, '')
    .split('&')
    .filter((pair) => pair !== '' && queryKey(pair) !== param);
  parsed.search = [...kept, `${param}=${tag}`].join('&');
  return { url: parsed.href, tag, param, channel };
}
