import { connect, type Socket } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { closeSilentConnectionsOnShutdown } from './silent-connections.js';

/** A raw TCP connection to the server that sends nothing, as a browser's preconnect does. */
async function silentConnection(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return socket;
}

describe('closeSilentConnectionsOnShutdown', () => {
  let fastify: FastifyInstance;
  let release: () => void = () => {};
  let markStarted: () => void = () => {};
  let started: Promise<void>;

  beforeEach(async () => {
    started = new Promise<void>((resolve) => (markStarted = resolve));
    fastify = Fastify();
    closeSilentConnectionsOnShutdown(fastify);
    fastify.get('/slow', async () => {
      const released = new Promise<void>((resolve) => (release = resolve));
      markStarted();
      await released;
      return { done: true };
    });
    await fastify.listen({ port: 0, host: '127.0.0.1' });
  });

  const port = () => (fastify.server.address() as { port: number }).port;

  // Without the hook, close() waits for Node's 60 s headers timeout and this test times out.
  it('closes a connection that never sent a request when the server shuts down', async () => {
    const socket = await silentConnection(port());
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await fastify.close();
    await closed;
    expect(socket.destroyed).toBe(true);
  }, 5_000);

  it('lets a request in flight finish before the server closes', async () => {
    const answer = fetch(`http://127.0.0.1:${port()}/slow`).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
    await started;
    const closing = fastify.close();
    release();
    await expect(answer).resolves.toEqual({ status: 200, body: { done: true } });
    await closing;
  }, 5_000);
});
