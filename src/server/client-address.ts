import type restify from 'restify';

/**
 * The client's address, for rate limiting only (never logged). Behind `trustedHops` proxies that each
 * append the address they received from (X-Forwarded-For), the client is the entry added by the
 * outermost trusted proxy: the `trustedHops`-th from the right. Entries further left were written by
 * the client itself and are never used. A request with fewer entries than trusted hops did not pass
 * through the proxies: its socket address is used.
 */
export function clientAddress(req: restify.Request, trustedHops: number): string {
  const socketAddress = req.socket?.remoteAddress ?? 'unknown';
  if (trustedHops <= 0) return socketAddress;
  const header = req.headers['x-forwarded-for'];
  const entries = (Array.isArray(header) ? header.join(',') : String(header ?? ''))
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  return entries[entries.length - trustedHops] ?? socketAddress;
}
