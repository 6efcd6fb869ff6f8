import { createServer, type Server, Socket } from 'node:net';

interface Pair {
  client: Socket;
  server: Socket;
  /** The client sent a LISTEN statement on this connection (a change-notification connection). */
  listens: boolean;
  /** Bytes are dropped in both directions, as by a firewall that forgot the connection. */
  stalled: boolean;
}

export interface PausableTcpProxy {
  port: number;
  /** Open connections, and how many of them LISTEN. */
  counts(): { open: number; listening: number };
  /** Silently drop every byte of the connections that LISTEN now (nothing is closed, nothing sent). */
  stallListeners(): number;
  /** Silently drop every byte of every connection, open or new, until `down()` or `up()`. */
  stallAll(): void;
  /** Reset every connection and refuse new ones, as a database server that went down. */
  down(): void;
  /** Accept connections again. */
  up(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 in front of PostgreSQL, so a test can break the network between a Passi node
 * and its database without touching the database server (which other suites share).
 */
export async function startPausableTcpProxy(target: {
  host: string;
  port: number;
}): Promise<PausableTcpProxy> {
  const pairs = new Set<Pair>();
  let refusing = false;
  let stallingAll = false;
  const server: Server = createServer((client) => {
    if (refusing) {
      client.resetAndDestroy();
      return;
    }
    const upstream = new Socket();
    const pair: Pair = { client, server: upstream, listens: false, stalled: stallingAll };
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (chunk: Buffer) => {
      if (chunk.includes('LISTEN ')) pair.listens = true;
      if (!pair.stalled) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!pair.stalled) client.write(chunk);
    });
    upstream.connect(target.port, target.host);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    counts: () => ({ open: pairs.size, listening: [...pairs].filter((p) => p.listens).length }),
    stallListeners() {
      let n = 0;
      for (const p of pairs) {
        if (p.listens && !p.stalled) {
          p.stalled = true;
          n++;
        }
      }
      return n;
    },
    stallAll() {
      stallingAll = true;
      for (const p of pairs) p.stalled = true;
    },
    down() {
      refusing = true;
      stallingAll = false;
      for (const p of [...pairs]) {
        pairs.delete(p);
        p.client.resetAndDestroy();
        p.server.destroy();
      }
    },
    up() {
      refusing = false;
    },
    async close() {
      for (const p of [...pairs]) {
        p.client.destroy();
        p.server.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
