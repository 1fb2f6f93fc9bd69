/** Thrown at once when a limiter's queue is full: the caller answers 503 instead of waiting. */
export class LimiterBusyError extends Error {
  constructor(what: string) {
    super(`too many ${what} in progress; retry shortly`);
    this.name = 'LimiterBusyError';
  }
}

export interface Limiter {
  /** Runs `fn` when fewer than `concurrency` run; waits in a queue of at most `maxWaiting`. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly waiting: number;
}

/** A counting semaphore with a bounded, first-come queue. */
export function createLimiter(what: string, concurrency: number, maxWaiting: number): Limiter {
  let active = 0;
  const queue: Array<() => void> = [];
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else active--;
  };
  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    async run<T>(fn: () => Promise<T>): Promise<T> {
      if (active < concurrency) active++;
      else if (queue.length >= maxWaiting) throw new LimiterBusyError(what);
      // The slot passes straight from the releasing task to this one: `active` stays counted.
      else await new Promise<void>((resolve) => queue.push(resolve));
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}
