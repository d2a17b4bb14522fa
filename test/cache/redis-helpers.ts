// Redis connections for the cache tests: skipped (or failing under CXHOOK_REQUIRE_REDIS=1) when no
// Redis answers on 127.0.0.1, plus clients for a Redis that refuses connections or never answers.
import net from 'node:net';
import { freePort } from '../../tools/support/free-port.ts';
import { Redis, type RedisOptions } from 'ioredis';

export const REDIS_PORT = Number(process.env.CXHOOK_TEST_REDIS_PORT ?? 6379);
export const REDIS: RedisOptions = { host: '127.0.0.1', port: REDIS_PORT, lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, enableOfflineQueue: false };

async function redisReachable(): Promise<boolean> {
  const probe = new Redis({ ...REDIS, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const required = process.env.CXHOOK_REQUIRE_REDIS === '1';
export const redisUp = await redisReachable();
/** For `describe(…, { skip })`: false, or why the Redis tests do not run here. */
export const skipWithoutRedis: false | string =
  redisUp || required
    ? false
    : `Redis is not reachable on 127.0.0.1:${REDIS_PORT}: start \`redis-server --bind 127.0.0.1 --port ${REDIS_PORT}\` to run these (CI sets CXHOOK_REQUIRE_REDIS=1 so they fail instead)`;

/** Connected clients, one per "replica"; `disconnectAll` in an `after`. */
export function redisClients() {
  const clients: Redis[] = [];
  return {
    async connect(): Promise<Redis> {
      if (!redisUp) throw new Error(`CXHOOK_REQUIRE_REDIS=1 but Redis does not answer on 127.0.0.1:${REDIS_PORT}`);
      const client = new Redis(REDIS);
      client.on('error', () => {});
      clients.push(client);
      await client.connect();
      return client;
    },
    /** Removes every key under `prefix` (tests share the server with other test runs). */
    async clean(prefix: string) {
      const client = clients[0];
      if (!client) return;
      const keys = await client.keys(`${prefix}:*`);
      if (keys.length > 0) await client.del(...keys);
    },
    disconnectAll: () => clients.forEach((client) => client.disconnect()),
  };
}

/** A client pointed at a 127.0.0.1 port nobody listens on: every connection is refused. */
export async function refusedClient(options: RedisOptions = {}): Promise<Redis> {
  const port = await freePort();
  const client = new Redis({ host: '127.0.0.1', port, connectTimeout: 200, retryStrategy: () => 50, maxRetriesPerRequest: 0, ...options });
  client.on('error', () => {});
  return client;
}

/** A server that answers ioredis's handshake (HELLO 3, two CLIENT SETINFO), then never again. */
export async function silentRedis(): Promise<{ client: Redis; close: () => Promise<void> }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    socket.once('data', () => socket.write('%2\r\n+server\r\n+redis\r\n+proto\r\n:3\r\n+OK\r\n+OK\r\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const client = new Redis({ host: '127.0.0.1', port, enableReadyCheck: false, maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  await new Promise((resolve) => client.once('ready', resolve));
  return {
    client,
    async close() {
      client.disconnect();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

