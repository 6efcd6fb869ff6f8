/**
 * How often state decided in memory on the embedded store is written to it (docs/performance.md
 * "Fewer statements per login, a lighter load client, random arrivals", "Writes behind the login").
 */
export const WRITE_BEHIND_MS = 250;

/** Store writes gathered in memory and made later, together (embedded store only). */
export interface WritesBehind {
  /** Writes what has gathered, after any write already under way; resolves when it is in the store. */
  flush(): Promise<void>;
  /** Writes every `intervalMs` until the returned function is called; a failure is reported once until a write succeeds. */
  start(intervalMs: number, onError: (e: unknown) => void): () => void;
}

/** A kind of writes behind, with what its log lines call it. */
export interface NamedWritesBehind {
  /** What is written, for log lines ("used single-use ids"). */
  what: string;
  writes: WritesBehind;
}
