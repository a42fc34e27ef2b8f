import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * Lets shutdown close connections that never sent a byte. Node's `server.close()` closes idle
 * keep-alive connections but waits for any other, and it counts a connection that has not yet begun a
 * request as busy until `headersTimeout` (60 s): a browser's speculative preconnect, or a client pool's
 * socket whose request was aborted before it was written, would hold a SIGTERM up for a minute. Such a
 * connection carries no request, so closing it loses nothing; a request in flight still completes.
 */
export function closeSilentConnectionsOnShutdown(fastify: FastifyInstance): void {
  const open = new Set<Socket>();
  fastify.server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  fastify.addHook('preClose', (done) => {
    for (const socket of open) if (socket.bytesRead === 0) socket.destroy();
    done();
  });
}
