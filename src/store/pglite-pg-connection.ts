import { EventEmitter } from 'node:events';
import type { PGlite } from '@electric-sql/pglite';
import { serialize } from 'pg-protocol';

/** A backend message as `pg-protocol`'s parser gives it: `pg` dispatches on its name. */
export interface BackendMessageLike {
  readonly name: string;
}

/** What the connection needs of a PGlite, in this thread or in a worker: ready, and a batch answered. */
export interface PGliteSession {
  readonly waitReady: Promise<void>;
  /** Frontend messages, one or more back to back; resolves with every backend message of the answer. */
  exec(bytes: Uint8Array): Promise<readonly BackendMessageLike[]>;
}

/**
 * The connection `pg`'s Client talks through to a PGlite, in place of a socket (its `connection` option).
 * It does what PGlite's own node-postgres adapter (`@electric-sql/pglite/node-postgres`) does, with two
 * differences measured on the login path (docs/performance.md "The embedded store's connection"):
 * - the messages are written by `pg-protocol`, the encoder `pg` itself uses against PostgreSQL, which
 *   measures a parameter's UTF-8 length natively; the adapter's bundled copy counts it character by
 *   character in JavaScript, about a tenth of a millisecond per OIDC login on the event loop;
 * - one statement is one call to PGlite with all of its messages, not five calls chained on promises.
 *
 * Answers are emitted in the order the batches were sent, each message under its name (an error as
 * `errorMessage`, as `pg`'s own connection does), so `pg` parses every value as it does against PostgreSQL.
 */
export class PGlitePgConnection extends EventEmitter {
  /** Read by `pg`'s Client.end(), which skips ending a connection that has none. */
  _connecting = false;
  /** `pg` destroys the stream on a timeout or an end with a query still active; `end()` is the closest. */
  readonly stream = { destroy: () => this.end() };
  /** `pg` keeps its prepared statements' texts here (query.js). */
  parsedStatements: Record<string, string> = {};
  submittedNamedStatements: Record<string, string> = {};

  readonly #session: PGliteSession;
  #queue: Promise<void>;
  /**
   * Messages PostgreSQL answers only at the next Sync or Flush (PostgreSQL documentation, 53.2.3
   * "Extended Query"): Parse, Bind, Describe, Execute, Close. `pg` sends a statement as Parse (once per
   * named statement), Bind, Describe, Execute and Sync; they are held and go to PGlite together.
   */
  #held: Buffer[] = [];

  constructor(session: PGliteSession) {
    super();
    this.#session = session;
    this.#queue = session.waitReady;
  }

  /** Sends what is held plus `last` as one batch, after every batch before it has been answered. */
  #send(last: Buffer): void {
    const bytes = this.#held.length === 0 ? last : Buffer.concat([...this.#held, last]);
    this.#held = [];
    this.#queue = this.#queue
      .then(() => this.#session.exec(bytes))
      .then((messages) => {
        for (const message of messages)
          this.emit(message.name === 'error' ? 'errorMessage' : message.name, message);
      })
      .catch((e: unknown) => {
        this.emit('error', e);
      });
  }

  async connect(_port?: number, _host?: string): Promise<void> {
    this._connecting = true;
    await this.#session.waitReady;
    // PGlite needs no startup or authentication: the session is ready as soon as PGlite is.
    process.nextTick(() => this.emit('readyForQuery'));
  }

  // pg calls these while connecting to a server; PGlite has no startup, TLS, password or cancel to send.
  requestSsl(): void {}
  startup(_config: unknown): void {}
  password(_password: string): void {}
  cancel(_processID: number, _secretKey: number): void {}
  ref(): void {}
  unref(): void {}

  query(text: string): void {
    this.#send(serialize.query(text));
  }
  parse(query: Parameters<typeof serialize.parse>[0]): void {
    this.#held.push(serialize.parse(query));
  }
  bind(config: Parameters<typeof serialize.bind>[0]): void {
    this.#held.push(serialize.bind(config));
  }
  describe(message: Parameters<typeof serialize.describe>[0]): void {
    this.#held.push(serialize.describe(message));
  }
  execute(config: Parameters<typeof serialize.execute>[0]): void {
    this.#held.push(serialize.execute(config));
  }
  close(message: Parameters<typeof serialize.close>[0]): void {
    this.#held.push(serialize.close(message));
  }
  flush(): void {
    this.#send(serialize.flush());
  }
  sync(): void {
    this.#send(serialize.sync());
  }
  sendCopyFromChunk(chunk: Buffer): void {
    this.#send(serialize.copyData(chunk));
  }
  endCopyFrom(): void {
    this.#send(serialize.copyDone());
  }
  sendCopyFail(message: string): void {
    this.#send(serialize.copyFail(message));
  }

  /**
   * Like a socket closing: `pg` waits for 'end', which it listens for after calling this. PGlite stays open
   * (its owner closes it). The ended client's listeners are dropped, so its own handler does not report the
   * end as unexpected. The connection is not meant to serve a second client: the store's pool keeps its
   * one client until the store closes or stops (open-embedded-store.ts), as PGlite's own adapter needs too.
   */
  end(): void {
    this.#held = [];
    this.#queue = this.#queue.then(() => {
      this.emit('end');
    });
    for (const event of this.eventNames()) if (event !== 'newListener') this.removeAllListeners(event);
  }
}

/** `pg`'s Pool options for a PGlite: its single session, so one client at a time. */
export function pglitePgConfig(session: PGliteSession): {
  connection: PGlitePgConnection;
  user: string;
  database: string;
} {
  // User and database are not read by PGlite; pg's Client only needs them to be strings.
  return { connection: new PGlitePgConnection(session), user: 'postgres', database: 'postgres' };
}

/** A PGlite running in this thread as a session; SQL errors come back as messages, as from a server. */
export function pgliteInThisThread(pglite: PGlite): PGliteSession {
  return {
    waitReady: pglite.waitReady,
    exec: (bytes) => pglite.execProtocolStream(bytes, { throwOnError: false }),
  };
}
