/**
 * A loop's pause that a nudge ends early (a NOTIFY, a commit, a finished attempt): `sleep(ms)`
 * resolves after `ms` or at the next `wake()`, whichever comes first. A wake that arrives while
 * the loop is busy is remembered until `reset()`, so the next sleep returns at once.
 */
export interface WakeableSleep {
  sleep(ms: number): Promise<void>;
  wake(): void;
  /** Forget a remembered wake (at the top of each loop turn). */
  reset(): void;
}

export function createWakeableSleep(isStopping: () => boolean): WakeableSleep {
  let woken = false;
  let wakeUp: (() => void) | undefined;
  return {
    sleep(ms) {
      return new Promise<void>((resolve) => {
        if (woken || isStopping()) return resolve();
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          wakeUp = undefined;
          resolve();
        }
        wakeUp = done;
      });
    },
    wake() {
      woken = true;
      wakeUp?.();
    },
    reset() {
      woken = false;
    },
  };
}
