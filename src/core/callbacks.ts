// One callback lifecycle for every long-running loop — the designers, PPO, the AMA designers —
// after Stable-Baselines3's callbacks: start, then a typed record per step (a callback may ask
// to stop), then end. The loop owns its state; callbacks see a record and, for snapshots,
// the loop's `state` (parameters, an iterate) passed alongside.

/** What a loop reports after each step. `metrics` holds the loop's own numbers by name. */
export interface StepRecord {
  /** 1-based step count so far. */
  step: number;
  /** Planned number of steps (a budget), when known. */
  total?: number;
  /** Named stage of a multi-stage loop ("adam", "vertex search", "certify", …). */
  phase?: string;
  metrics: Record<string, number>;
}

export interface RunStart {
  /** Planned number of steps, when known. */
  total?: number;
  /** First step of this run (> 1 when resumed from a checkpoint). */
  firstStep: number;
}

export interface RunEnd {
  /** The last completed step. */
  step: number;
  /** Why the loop ended early: a callback's stop or an interruption; undefined when it ran out. */
  stoppedBy?: string;
}

export interface Callback<S = unknown> {
  onStart?(info: RunStart): void;
  /** Return "stop" to end the loop after this step. */
  onStep?(record: StepRecord, state: S): void | "stop";
  onEnd?(info: RunEnd): void;
}

/** Calls every callback in order; a loop holds one of these instead of an array. */
export class CallbackList<S = unknown> implements Callback<S> {
  private readonly list: Callback<S>[];
  /** Name of the first callback that asked to stop (its index when it has no name). */
  stoppedBy: string | undefined;

  constructor(callbacks: (Callback<S> | undefined)[] = []) {
    this.list = callbacks.filter((c): c is Callback<S> => c !== undefined);
  }

  onStart(info: RunStart): void {
    for (const c of this.list) c.onStart?.(info);
  }

  /** True when some callback asked to stop (all callbacks still see the record). */
  onStep(record: StepRecord, state: S): "stop" | void {
    let stop = false;
    this.list.forEach((c, k) => {
      if (c.onStep?.(record, state) === "stop") {
        stop = true;
        this.stoppedBy ??= (c as { name?: string }).name ?? `callback ${k}`;
      }
    });
    if (stop) return "stop";
  }

  onEnd(info: RunEnd): void {
    for (const c of this.list) c.onEnd?.(info);
  }
}

/**
 * Keeps the best iterate by a metric (higher is better unless `minimize`), snapshotting the
 * loop's state only when it improves; the first of equals stays unless `tie` names a second
 * metric that decides between them. `admissible` filters records (e.g. regret below a cap).
 */
export class KeepBest<S, T> implements Callback<S> {
  readonly name = "keep-best";
  best: { step: number; value: number; tie?: number; snapshot: T } | undefined;

  constructor(
    readonly metric: string,
    readonly snapshot: (state: S, record: StepRecord) => T,
    readonly opts: {
      minimize?: boolean;
      admissible?: (r: StepRecord) => boolean;
      tie?: { metric: string; minimize?: boolean };
    } = {},
  ) {}

  onStep(record: StepRecord, state: S): void {
    const v = record.metrics[this.metric];
    if (v === undefined || Number.isNaN(v)) return;
    if (this.opts.admissible && !this.opts.admissible(record)) return;
    const b = this.best;
    const tie = this.opts.tie;
    const t = tie && record.metrics[tie.metric];
    const better =
      b === undefined ||
      (this.opts.minimize ? v < b.value : v > b.value) ||
      (v === b.value &&
        t !== undefined &&
        b.tie !== undefined &&
        (tie!.minimize ? t < b.tie : t > b.tie));
    if (better)
      this.best = {
        step: record.step,
        value: v,
        ...(t !== undefined ? { tie: t } : {}),
        snapshot: this.snapshot(state, record),
      };
  }
}

/** Stops when `metric` has not improved by more than `minDelta` for `patience` records. */
export class EarlyStop<S = unknown> implements Callback<S> {
  readonly name = "early-stop";
  private bestValue: number;
  private since = 0;

  constructor(
    readonly metric: string,
    readonly patience: number,
    readonly opts: { minDelta?: number; minimize?: boolean } = {},
  ) {
    this.bestValue = opts.minimize ? Infinity : -Infinity;
  }

  onStep(record: StepRecord): void | "stop" {
    const v = record.metrics[this.metric];
    if (v === undefined || Number.isNaN(v)) return;
    const d = this.opts.minDelta ?? 0;
    const improved = this.opts.minimize ? v < this.bestValue - d : v > this.bestValue + d;
    if (improved) {
      this.bestValue = v;
      this.since = 0;
    } else if (++this.since >= this.patience) return "stop";
  }
}

/** Calls `save(state, record)` every `every` steps (checkpointing); the saver decides where. */
export class Checkpoint<S> implements Callback<S> {
  readonly name = "checkpoint";

  constructor(
    readonly every: number,
    readonly save: (state: S, record: StepRecord) => void,
  ) {
    if (!(every >= 1)) throw new RangeError("checkpoint interval must be ≥ 1");
  }

  onStep(record: StepRecord, state: S): void {
    if (record.step % this.every === 0) this.save(state, record);
  }
}

/** Stops the loop when `requested()` turns true (Ctrl-C handlers, deadlines). */
export class StopWhen<S = unknown> implements Callback<S> {
  constructor(
    readonly name: string,
    readonly requested: () => boolean,
  ) {}

  onStep(): void | "stop" {
    if (this.requested()) return "stop";
  }
}
