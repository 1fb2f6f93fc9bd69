// Event-level simulation of the coalescing core (services/dispatcher/src/coalesce.ts) exactly as
// the router and the scheduler drive it: events reach the router in poll batches, the scheduler
// closes due summaries every tick, Slack sends at most one message per second. Used by
// bench/webhooks.ts to compare parameter sets side by side (BENCHMARKS.md "Webhooks").
import { closeAt, decide, initialState, type CoalesceParams, type OpenSummary } from '../services/dispatcher/src/coalesce.js';

export interface SimOptions {
  /** Router latency: events are routed in batches at multiples of this. */
  pollMs: number;
  /** Scheduler tick that closes due summaries. */
  tickMs: number;
  /** Minimum gap between two sends to the endpoint (Slack: 1000). */
  paceMs: number;
}

export interface SimResult {
  deliveries: number;
  singles: number;
  summaries: number[];
  maxDelayMs: number;
  p95DelayMs: number;
}

const ceilTo = (t: number, step: number) => Math.ceil(t / step) * step;

export function simulate(p: CoalesceParams, arrivals: number[], o: SimOptions): SimResult {
  const ready: { at: number; events: number[]; single: boolean }[] = [];
  let state = initialState(p, 0);
  let open: OpenSummary | null = null;
  let openEvents: number[] = [];
  const close = (at: number) => {
    ready.push({ at, events: openEvents, single: false });
    open = null;
    openEvents = [];
  };
  const batches = new Map<number, number[]>();
  for (const a of arrivals) {
    const at = ceilTo(a + 1, o.pollMs);
    batches.set(at, [...(batches.get(at) ?? []), a]);
  }
  for (const [at, events] of [...batches].sort((x, y) => x[0] - y[0])) {
    if (open && closeAt(p, open) <= at) close(Math.min(ceilTo(closeAt(p, open), o.tickMs), at));
    for (const a of events) {
      const r = decide(p, state, open, at);
      state = r.state;
      if (r.decision.action === 'single') {
        ready.push({ at, events: [a], single: true });
        continue;
      }
      openEvents.push(a);
      open = r.open;
      if (r.decision.sealed) close(at);
    }
  }
  if (open) close(ceilTo(closeAt(p, open), o.tickMs));
  ready.sort((x, y) => x.at - y.at);
  const delays: number[] = [];
  let lastSent = -Infinity;
  for (const d of ready) {
    const sent = Math.max(d.at, lastSent + o.paceMs);
    lastSent = sent;
    for (const a of d.events) delays.push(sent - a);
  }
  delays.sort((a, b) => a - b);
  return {
    deliveries: ready.length,
    singles: ready.filter((d) => d.single).length,
    summaries: ready.filter((d) => !d.single).map((d) => d.events.length),
    maxDelayMs: delays.at(-1) ?? 0,
    p95DelayMs: delays[Math.min(delays.length - 1, Math.floor(delays.length * 0.95))] ?? 0,
  };
}

/** `n` events at `perSecond`, with an optional stall (no events) of `stallMs` every `everyMs`. */
export function steady(n: number, perSecond: number, stall?: { everyMs: number; stallMs: number }): number[] {
  const out: number[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    out.push(Math.round(t));
    t += 1000 / perSecond;
    if (stall && Math.floor(t / stall.everyMs) > Math.floor((t - 1000 / perSecond) / stall.everyMs)) t += stall.stallMs;
  }
  return out;
}
