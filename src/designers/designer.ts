// The Designer contract: every designer of mechlab — the bilevel exact designer, the SGDA
// designers of the inverse game, the handicap designer, the toy random search — declares its
// parameters once (`name(k=v,…)` specs, plus the command-line flags it takes) and turns a
// problem into a certified mechanism with the same call, so that `mechlab design` is one code
// path and a new designer is one folder plus one line in registry.ts.
import { CallbackList, Checkpoint, type Callback, type StepRecord } from "../core/callbacks.js";
import type { Entry } from "../core/registry.js";
import type { ParamSpecs, ParamValue } from "../core/spec.js";
import type { EvaluationReport } from "../evaluation/evaluate.js";
import type { Mechanism } from "../mechanisms/types.js";
import type { DynamicProblem } from "../problems/types.js";
import type { Figure } from "../report/plot.js";
import type { Participation } from "../mechanisms/participation.js";

/**
 * What a designer's loop hands its callbacks beside each StepRecord. `checkpoint` serializes
 * the loop's whole state (only where the loop can resume from this step; absent elsewhere).
 */
export interface DesignState {
  checkpoint?: () => string;
}

export interface DesignOptions {
  seed: number;
  /** Steps of the designer's loop (its `budget` declaration says what a step is); default there. */
  budget?: number;
  /** Progress, early stop, Ctrl-C (StopWhen), … — called with every StepRecord. */
  callbacks?: Callback<DesignState>[];
  /** Where checkpoints go: written every `every` steps (default 10) and when stopped early. */
  checkpoint?: { save: (text: string) => void; every?: number };
  /** The text of a checkpoint of the same problem and designer to continue from. */
  resume?: string;
  /** Values of the designer's flags (`Designer.flags`) given by the user; defaults fill the rest. */
  flags?: Record<string, ParamValue>;
  /**
   * Aborted on Ctrl-C. Training loops stop through a StopWhen callback between steps; a
   * designer whose certification is long (the SGDA designers) certifies on a worker thread when
   * this is given and ends it at once on abort (Interrupted, phase "certification").
   */
  signal?: AbortSignal;
}

/** Everything a design run produces; the CLI writes it to a run directory unchanged. */
export interface DesignRun {
  /** The designer's canonical name with all its parameters. */
  designer: string;
  mechanism: Mechanism;
  /** The participation notion the design enforces (recorded in the mechanism file). */
  participation?: Participation;
  certificate: EvaluationReport;
  /** Set when the run stopped early but its result was kept (the reason); see run-dir.ts. */
  interrupted?: string;
  /** The loop's records (one per step), as in metrics.csv. */
  history: readonly unknown[];
  /** Text printed after the run. */
  summary: string;
  /** Internals (problem sizes, step numbers, timings): printed before the summary with --verbose. */
  details?: string;
  /** result.json (format mechlab.design-result, see result-header.ts). */
  result: Record<string, unknown>;
  metricsCsv: string;
  /** Figures by file stem (written as <stem>.svg and <stem>.png). */
  figures: Record<string, Figure>;
}

export interface DesignerInstance {
  design(problem: DynamicProblem, opts: DesignOptions): Promise<DesignRun>;
}

export interface Designer extends Entry<DesignerInstance> {
  /** Command-line flags the designer takes (key = flag without "--"); others are refused. */
  flags: ParamSpecs;
  /** What one step of `--budget` is and its default; absent: the designer takes no budget. */
  budget?: { default: number; doc: string };
  /** Supports `checkpoint` and `resume`. */
  checkpoints: boolean;
  /** Which problems it designs for, for `mechlab list`. */
  types: string;
}

/** The run stopped early at a callback's request (Ctrl-C) — after its checkpoint, if any. */
export class Interrupted extends Error {
  constructor(
    readonly nextStep: number,
    readonly checkpointed: boolean,
    /** Where: in training (between steps) or in the certification after it. */
    readonly phase: "training" | "certification" = "training",
  ) {
    super(
      phase === "training" ? `interrupted before step ${nextStep}` : "interrupted in certification",
    );
  }
}

/** The caller's callbacks plus a Checkpoint callback when `opts.checkpoint` is set. */
export function designCallbacks(
  opts: Pick<DesignOptions, "callbacks" | "checkpoint">,
): CallbackList<DesignState> {
  const sink = opts.checkpoint;
  return new CallbackList<DesignState>([
    ...(opts.callbacks ?? []),
    sink &&
      new Checkpoint<DesignState>(sink.every ?? 10, (s) => {
        if (s.checkpoint) sink.save(s.checkpoint());
      }),
  ]);
}

/**
 * Report one step; when a callback asks to stop, write the checkpoint (if the loop can resume
 * here) and throw Interrupted. `nextStep` is what a resumed run would start with.
 */
export function reportStep(
  callbacks: CallbackList<DesignState>,
  record: StepRecord,
  state: DesignState,
  opts: Pick<DesignOptions, "checkpoint">,
  nextStep: number,
): void {
  if (callbacks.onStep(record, state) !== "stop") return;
  const saved = Boolean(opts.checkpoint && state.checkpoint);
  if (saved) opts.checkpoint!.save(state.checkpoint!());
  callbacks.onEnd({ step: record.step, stoppedBy: callbacks.stoppedBy });
  throw new Interrupted(nextStep, saved);
}
