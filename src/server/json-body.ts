import type restify from 'restify';
import { sendError } from './http-responses';

/** True when a request announces a body (a length above 0, or chunks). */
function hasBody(req: restify.Request): boolean {
  const length = req.headers['content-length'];
  if (req.headers['transfer-encoding'] !== undefined) return true;
  return length !== undefined && length !== '0';
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * The service's only body reader, for every route: a request with a body must say it is JSON
 * (otherwise 415, before a byte of it is read: no multipart parsing, nothing written to disk) and
 * not be compressed (415: a small gzip body can inflate to gigabytes); the body is read up to
 * `maxBytes` (413 beyond, whatever the content type or framing) and parsed (400 when it is not
 * JSON; a byte-order mark is allowed). The parsed value is `req.body`; a request without a body has none.
 */
export function jsonBodyReader(maxBytes: number): restify.RequestHandler {
  return (req, res, next) => {
    if (!hasBody(req)) return next();
    /** Refuses the request unread; its connection closes after the answer (the body is never drained). */
    const refuse = (status: number, message: string) => {
      res.setHeader('Connection', 'close');
      sendError(res, status, message);
      return next(false);
    };
    if (req.headers['content-encoding'] !== undefined) return refuse(415, 'compressed request bodies are not accepted (Content-Encoding)');
    if (!JSON_TYPE.test(String(req.headers['content-type'] ?? ''))) return refuse(415, 'expected an application/json body');
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) return refuse(413, `request body larger than ${maxBytes} bytes`);
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (status: number | undefined, message = '') => {
      if (done) return;
      done = true;
      req.removeListener('data', onData);
      if (status === undefined) return next();
      // The rest of the body is not read: the connection closes after the answer.
      res.setHeader('Connection', 'close');
      sendError(res, status, message);
      req.pause();
      return next(false);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return finish(413, `request body larger than ${maxBytes} bytes`);
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('error', () => finish(400, 'the request body could not be read'));
    req.once('end', () => {
      if (done) return;
      const text = Buffer.concat(chunks, size)
        .toString('utf8')
        .replace(/^\uFEFF/, '');
      try {
        req.body = JSON.parse(text) as unknown;
      } catch {
        return finish(400, 'the request body is not valid JSON');
      }
      finish(undefined);
    });
  };
}
