import type restify from 'restify';
import type { Logger } from '../log';

/** Every 4xx/5xx body of the service (ours and restify's own): `{"error": "..."}`, nothing else. */
export function errorBody(message: string): { error: string } {
  return { error: message };
}

/**
 * Writes a JSON response without restify's formatter: the body is serialised here, so that a value
 * that cannot be serialised (a reply copying a 10,000-level deep field) becomes a logged 500 with
 * the error shape, instead of restify logging the whole request (text and ids) and sending nothing.
 */
export function sendJson(res: restify.Response, status: number, value: unknown, log?: Logger): void {
  let body: string;
  let code = status;
  try {
    body = JSON.stringify(value) ?? 'null';
  } catch (err) {
    // The error's name only: its message can quote the value.
    log?.error('response.unserialisable', { status, error: err instanceof Error ? err.name : typeof err });
    code = 500;
    body = JSON.stringify(errorBody('internal error'));
  }
  if (res.headersSent) return;
  res.writeHead(code, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** The service's one way to refuse or fail a request. */
export function sendError(res: restify.Response, status: number, message: string): void {
  sendJson(res, status, errorBody(message));
}
