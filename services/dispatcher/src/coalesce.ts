/**
 * Burst coalescing, the pure core (no I/O; the router applies its decisions in the outbox
 * batch's transaction, bench/webhooks.ts simulates it). Per subscription:
 *
 * - A token bucket of `burst` singles, refilled at `refillPerSecond`: routine changes go out one
 *   by one, and the first events of a burst go out at once (Knock's "flush leading item").
 * - Once the bucket is empty the subscription is *coalescing* until `episodeQuietMs` pass
 *   without an event: events join the open summary instead.
 * - The k-th summary of an episode stays open at most `windowsMs[k]` (the last entry repeats),
 *   closes early after a quiet gap of max(`quietGapMs`, window / 4) — so a short burst is
 *   summarised quickly while a long push is not split by a stall — and closes at once when it
 *   holds `maxEventsPerSummary` events (payload size).
 *
 * An event joining a summary therefore waits at most one window (≤ 20 s by default) plus the
 * router's and sender's own latency, inside the 30 s bound docs/webhooks.md promises.
 */
export interface CoalesceParams {
  burst: number;
  refillPerSecond: number;
  quietGapMs: number;
  /** The quiet gap grows with the window: max(quietGapMs, window × this). 0 = a fixed gap. */
  quietGapFraction: number;
  windowsMs: readonly number[];
  episodeQuietMs: number;
  maxEventsPerSummary: number;
}

/** Measured against the first design in bench/webhooks.ts (docs/webhooks.md "The trade-off", BENCHMARKS.md "Webhooks"). */
export const COALESCE_DEFAULTS: Record<'slack' | 'hmac', CoalesceParams> = {
  slack: { burst: 5, refillPerSecond: 1, quietGapMs: 2000, quietGapFraction: 0.25, windowsMs: [3000, 6000, 12000, 20000], episodeQuietMs: 10_000, maxEventsPerSummary: 5000 },
  hmac: { burst: 5, refillPerSecond: 2, quietGapMs: 2000, quietGapFraction: 0.25, windowsMs: [3000, 6000, 12000, 20000], episodeQuietMs: 10_000, maxEventsPerSummary: 1000 },
};

export interface CoalesceState {
  tokens: number;
  tokensAt: number;
  /** While now < coalescingUntil, events are folded (null: not coalescing). */
  coalescingUntil: number | null;
  /** Summaries opened in the current episode (selects the next window). */
  episodeBatches: number;
}

export interface OpenSummary {
  openedAt: number;
  windowEndsAt: number;
  lastEventAt: number;
  count: number;
}

export type Decision =
  | { action: 'single' }
  /** Join the open summary, opening it first when `opened`; `sealed`: it is full, close it now. */
  | { action: 'summary'; opened: boolean; sealed: boolean };

export function initialState(p: CoalesceParams, now: number): CoalesceState {
  return { tokens: p.burst, tokensAt: now, coalescingUntil: null, episodeBatches: 0 };
}

export function quietGapFor(p: CoalesceParams, windowMs: number): number {
  return Math.max(p.quietGapMs, Math.floor(windowMs * p.quietGapFraction));
}

/** When an open summary is due: its quiet gap after the last event, or its window's end. */
export function closeAt(p: CoalesceParams, open: OpenSummary): number {
  return Math.min(open.lastEventAt + quietGapFor(p, open.windowEndsAt - open.openedAt), open.windowEndsAt);
}

/**
 * Routes one event arriving at `now`. Mutates and returns `state`/`open` (the caller persists
 * them): after a sealed decision `open` is null.
 */
export function decide(p: CoalesceParams, state: CoalesceState, open: OpenSummary | null, now: number): { decision: Decision; state: CoalesceState; open: OpenSummary | null } {
  state.tokens = Math.min(p.burst, state.tokens + (p.refillPerSecond * Math.max(0, now - state.tokensAt)) / 1000);
  state.tokensAt = now;
  const episodeOver = state.coalescingUntil === null || now >= state.coalescingUntil;
  if (episodeOver && !open) state.episodeBatches = 0;
  if (episodeOver && !open && state.tokens >= 1) {
    state.tokens -= 1;
    state.coalescingUntil = null;
    return { decision: { action: 'single' }, state, open };
  }
  state.coalescingUntil = now + p.episodeQuietMs;
  let opened = false;
  if (!open) {
    const window = p.windowsMs[Math.min(state.episodeBatches, p.windowsMs.length - 1)]!;
    open = { openedAt: now, windowEndsAt: now + window, lastEventAt: now, count: 0 };
    state.episodeBatches++;
    opened = true;
  }
  open.count++;
  open.lastEventAt = now;
  const sealed = open.count >= p.maxEventsPerSummary;
  return { decision: { action: 'summary', opened, sealed }, state, open: sealed ? null : open };
}
