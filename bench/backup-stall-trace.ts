import { closeSync, openSync, readSync } from 'node:fs';
import { constants, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';

/** A stretch during which something ran that may hold the event loop: a group commit, a GC, the pin. */
interface Span {
  readonly what: 'commit' | 'minor gc' | 'major gc' | 'pin';
  readonly from: number;
  readonly to: number;
}

/** One late tick of the sampler, split by what the event loop's thread was doing meanwhile. */
export interface Stall {
  readonly ms: number;
  /** Runnable but not running: both cores were busy with other threads (ours or other processes'). */
  readonly cpuWaitMs: number;
  /** On a CPU: our own JavaScript and native work (commits, GC, the pin's spin). */
  readonly onCpuMs: number;
  /** Neither: asleep in the kernel (a write waiting on the disk, a lock, the pin's wait). */
  readonly blockedMs: number;
  /**
   * CPU time our other threads (the backup worker, the checkpointer, GC helpers, libuv) used meanwhile:
   * of the cores the event loop waited for, the share that this process itself held.
   */
  readonly otherThreadsCpuMs: number;
  /** The spans that overlapped it, each with its length. */
  readonly during: readonly string[];
}

const TICK_MS = 1;
/** A tick this late is a stall worth naming. */
const REPORT_MS = 4;

/**
 * Attributes event-loop stalls: a 1 ms timer notes how late each tick was and, from the kernel's
 * per-thread scheduler statistics (`/proc/self/task/<pid>/schedstat`: time on a CPU, time runnable but
 * waiting for one), how the late time was spent; commits, GCs and the pin are recorded as spans so
 * each stall can be matched with what ran meanwhile. Linux only; elsewhere every stall counts as blocked.
 */
export class StallTrace {
  private readonly spans: Span[] = [];
  private readonly stalls: (Stall & { at: number })[] = [];
  private readonly gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const { detail } = entry as PerformanceEntry & { detail?: { kind?: number } };
      this.spans.push({
        what: detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR ? 'minor gc' : 'major gc',
        from: entry.startTime,
        to: entry.startTime + entry.duration,
      });
    }
  });
  private readonly schedstat: number | undefined;
  private readonly buffer = Buffer.alloc(128);
  private timer: NodeJS.Timeout | undefined;

  constructor() {
    try {
      this.schedstat = openSync(`/proc/self/task/${process.pid}/schedstat`, 'r');
    } catch {
      this.schedstat = undefined;
    }
  }

  start(): void {
    this.gc.observe({ entryTypes: ['gc'] });
    let last = performance.now();
    let lastSched = this.sched();
    let lastProcess = processCpuMs();
    this.timer = setInterval(() => {
      const now = performance.now();
      const sched = this.sched();
      const processMs = processCpuMs();
      const late = now - last - TICK_MS;
      if (late > REPORT_MS) {
        const onCpuMs = sched.run - lastSched.run;
        const cpuWaitMs = sched.wait - lastSched.wait;
        this.stalls.push({
          at: last,
          ms: late,
          onCpuMs,
          cpuWaitMs,
          blockedMs: Math.max(0, now - last - onCpuMs - cpuWaitMs - TICK_MS),
          otherThreadsCpuMs: Math.max(0, processMs - lastProcess - onCpuMs),
          during: [],
        });
      }
      last = now;
      lastSched = sched;
      lastProcess = processMs;
    }, TICK_MS);
  }

  span(what: Span['what'], from: number, to: number): void {
    this.spans.push({ what, from, to });
  }

  /** Stops sampling; returns the stalls seen, longest first, each with what overlapped it. */
  stop(): Stall[] {
    clearInterval(this.timer);
    this.gc.disconnect();
    if (this.schedstat !== undefined) closeSync(this.schedstat);
    return this.stalls
      .map(({ at, ...stall }) => ({
        ...stall,
        during: this.spans
          .filter((s) => s.to >= at && s.from <= at + stall.ms + TICK_MS)
          .map((s) => `${s.what} ${(s.to - s.from).toFixed(1)} ms`),
      }))
      .sort((a, b) => b.ms - a.ms);
  }

  private sched(): { run: number; wait: number } {
    if (this.schedstat === undefined) return { run: 0, wait: 0 };
    const n = readSync(this.schedstat, this.buffer, 0, this.buffer.length, 0);
    const [run, wait] = this.buffer.toString('latin1', 0, n).split(' ').map(Number);
    return { run: run / 1e6, wait: wait / 1e6 };
  }
}

function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** What mostly made a stall: the share of its time that was waiting for a CPU, on one, or blocked. */
export function mainCause(stall: Stall): 'cpu-wait' | 'on-cpu' | 'blocked' {
  const parts = { 'cpu-wait': stall.cpuWaitMs, 'on-cpu': stall.onCpuMs, blocked: stall.blockedMs };
  return (Object.keys(parts) as (keyof typeof parts)[]).reduce((a, b) =>
    parts[a] >= parts[b] ? a : b,
  );
}
