// Attribution of long tasks to SuppLens's code: a CPU profile of the page's renderer (CDP
// Profiler) is put on the page's performance.now() clock with a calibration loop, then the
// samples inside each long task (PerformanceObserver 'longtask') are split into ours (a stack
// frame from our extension), the page's, and the rest (garbage collection, style, layout).
import type { CDPSession, Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface LongTask {
  start: number;
  duration: number;
}

export interface TaskShare {
  start: number;
  duration: number;
  /** Share of the task's samples with a frame of our extension on the stack (0..1). */
  ours: number;
  /** Share in page script. */
  page: number;
  /** Share in the browser's own work (GC, style, layout, program). */
  other: number;
}

const CALIBRATION = '__supplensBenchCalibration';

/** Starts the profiler (call before navigating). */
export async function startProfile(cdp: CDPSession, intervalUs = 250): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
}

/**
 * Runs a named busy loop in the page for `ms` and stops the profiler. Returns the profile and the
 * offset that maps performance.now() (ms) to profile time (µs): profileUs = (now + offsetMs) * 1000.
 */
export async function stopProfile(
  cdp: CDPSession,
  page: Page,
  ms = 40,
): Promise<{ profile: CpuProfile; offsetMs: number }> {
  const startedAt = await page.evaluate(
    ([name, dur]) => {
      const f = new Function(
        'dur',
        `return function ${name}(){const t=performance.now();while(performance.now()-t<dur){}return t;}`,
      )(dur) as () => number;
      return f();
    },
    [CALIBRATION, ms] as const,
  );
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  let t = profile.startTime;
  let first = -1;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (byId.get(profile.samples[i]!)?.callFrame.functionName === CALIBRATION) {
      first = t;
      break;
    }
  }
  const offsetMs = first < 0 ? Number.NaN : first / 1000 - startedAt;
  return { profile, offsetMs };
}

/** Shares of ours / page / other inside each long task. */
export function attribute(
  profile: CpuProfile,
  offsetMs: number,
  tasks: readonly LongTask[],
  extensionPrefix: string,
): TaskShare[] {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const kindCache = new Map<number, 'ours' | 'page' | 'other'>();
  const kindOf = (id: number): 'ours' | 'page' | 'other' => {
    const hit = kindCache.get(id);
    if (hit) return hit;
    let kind: 'ours' | 'page' | 'other' = 'other';
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const url = byId.get(x)?.callFrame.url ?? '';
      if (url.startsWith(extensionPrefix)) {
        kind = 'ours';
        break;
      }
      if (url && kind === 'other') kind = 'page';
    }
    kindCache.set(id, kind);
    return kind;
  };
  const times: number[] = [];
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    times.push(t / 1000 - offsetMs);
  }
  return tasks.map((task) => {
    const counts = { ours: 0, page: 0, other: 0 };
    for (let i = 0; i < times.length; i++) {
      const at = times[i]!;
      if (at < task.start || at > task.start + task.duration) continue;
      const node = byId.get(profile.samples[i]!);
      const fn = node?.callFrame.functionName ?? '';
      if (fn === '(idle)' || fn === '(program)') {
        counts.other++;
        continue;
      }
      counts[kindOf(profile.samples[i]!)]++;
    }
    const total = counts.ours + counts.page + counts.other || 1;
    return {
      start: task.start,
      duration: task.duration,
      ours: counts.ours / total,
      page: counts.page / total,
      other: counts.other / total,
    };
  });
}
