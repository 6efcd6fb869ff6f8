/** When a login passed each point, as far as the metrics need it. */
export interface FlowMarks {
  startedAt?: number;
  upstreamAt?: number;
  verifiedAt?: number;
  /** When this entry is forgotten (a login that never finishes). */
  expiresAt: number;
}

/**
 * Per-login times for the phase histograms, in a map that cannot grow without bound: entries expire
 * after `ttlMs` (a login lives no longer than its flow) and the oldest entries are dropped beyond
 * `maxEntries`. A Map iterates in insertion order, so the oldest entries are found first.
 */
export class FlowTimings {
  private readonly entries = new Map<string, FlowMarks>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Records `point` for the flow at `atMs`; returns the flow's marks so far (before this one). */
  mark(
    flowId: string,
    point: 'startedAt' | 'upstreamAt' | 'verifiedAt',
    atMs: number,
  ): FlowMarks | undefined {
    this.expire(atMs);
    const previous = this.get(flowId, atMs);
    const next: FlowMarks = { ...previous, [point]: atMs, expiresAt: atMs + this.ttlMs };
    // Re-inserted at the end: the map stays ordered by last activity.
    this.entries.delete(flowId);
    this.entries.set(flowId, next);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    return previous;
  }

  /** The flow's marks, removed (the login has finished). */
  take(flowId: string, nowMs: number): FlowMarks | undefined {
    const marks = this.get(flowId, nowMs);
    this.entries.delete(flowId);
    return marks;
  }

  private get(flowId: string, nowMs: number): FlowMarks | undefined {
    const marks = this.entries.get(flowId);
    return marks && marks.expiresAt > nowMs ? marks : undefined;
  }

  private expire(nowMs: number): void {
    for (const [flowId, marks] of this.entries) {
      if (marks.expiresAt > nowMs) break;
      this.entries.delete(flowId);
    }
  }
}
