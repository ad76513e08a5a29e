import type http from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** Longest wait for a request's headers. */
  headersTimeoutMs: number;
  /** Longest time a whole request may take to arrive and be answered. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
};

const UPGRADE_BODY = JSON.stringify({ error: 'protocol upgrades are not accepted' });
const UPGRADE_REFUSED = `HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(UPGRADE_BODY)}\r\n\r\n${UPGRADE_BODY}`;

/**
 * Applies the HTTP server's connection rules, so that no socket outlives its use:
 * - upgrade requests (WebSocket, h2c) are answered 400 and their socket destroyed (Node detaches an
 *   upgraded socket from every HTTP timeout: left alone it stays open for ever);
 * - Node's own timeouts, plus a per-request deadline checked by a timer of its own (Node checks its
 *   timeouts only every 30 s): a slow-body or slow-header client is cut off after `requestTimeoutMs`;
 * - every open socket is tracked, so that `destroyAll()` can end them at the end of a shutdown.
 */
export function guardConnections(
  server: http.Server,
  limits: ConnectionLimits = DEFAULT_CONNECTION_LIMITS,
): { destroyAll(): void; open(): number } {
  const sockets = new Set<Socket>();
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  const waitingForFirstRequest = new WeakMap<Socket, NodeJS.Timeout>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    // Until its first request's headers are in, a connection has `headersTimeoutMs`.
    const timer = setTimeout(() => socket.destroy(), limits.headersTimeoutMs);
    timer.unref();
    waitingForFirstRequest.set(socket, timer);
    socket.once('close', () => {
      clearTimeout(timer);
      sockets.delete(socket);
    });
  });
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    clearTimeout(waitingForFirstRequest.get(req.socket));
    const deadline = setTimeout(() => req.socket.destroy(), limits.requestTimeoutMs);
    deadline.unref();
    res.once('close', () => clearTimeout(deadline));
  });
  server.on('upgrade', (_req: http.IncomingMessage, socket: Socket) => {
    socket.end(UPGRADE_REFUSED);
    socket.destroySoon?.();
    setTimeout(() => socket.destroy(), 1000).unref();
  });
  return {
    destroyAll: () => {
      for (const socket of sockets) socket.destroy();
    },
    open: () => sockets.size,
  };
}
