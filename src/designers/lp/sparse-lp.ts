// A small row-wise LP builder and its solve with HiGHS (npm `highs`, WebAssembly). The model
// goes to HiGHS as CSR arrays, not as LP text, so large LPs are not parsed from strings.
import type { Highs } from "highs";

// `highs` ships CommonJS typings, so under NodeNext TypeScript sees the default import as the
// module object, while Node's ESM entry (build/highs.mjs) exports the loader itself. Accept both.
// Imported on first use, so that commands without an LP do not load it.
type Loader = () => Promise<Highs>;
async function loadHighs(): Promise<Highs> {
  const highsModule: unknown = (await import("highs")).default;
  const loader =
    typeof highsModule === "function"
      ? (highsModule as Loader)
      : (highsModule as { default: Loader }).default;
  return loader();
}

let runtime: Promise<Highs> | undefined;
/** The HiGHS runtime, loaded once per process (instantiating the WASM module takes ~50 ms). */
export const highsRuntime = (): Promise<Highs> => (runtime ??= loadHighs());

export class LpBuilder {
  readonly colCost: number[] = [];
  readonly colLower: number[] = [];
  readonly colUpper: number[] = [];
  readonly rowLower: number[] = [];
  readonly rowUpper: number[] = [];
  readonly starts: number[] = [0];
  readonly indices: number[] = [];
  readonly values: number[] = [];

  get numCols(): number {
    return this.colCost.length;
  }
  get numRows(): number {
    return this.rowLower.length;
  }
  get nonzeros(): number {
    return this.indices.length;
  }

  /** Add `count` columns with the same bounds and zero cost; returns the first index. */
  addCols(count: number, lower: number, upper: number): number {
    const first = this.colCost.length;
    for (let k = 0; k < count; k++) {
      this.colCost.push(0);
      this.colLower.push(lower);
      this.colUpper.push(upper);
    }
    return first;
  }

  /** Add a row lower ≤ Σ coef·x ≤ upper; repeated columns are summed, zeros dropped. */
  addRow(lower: number, upper: number, cols: readonly number[], coefs: readonly number[]): number {
    const merged = new Map<number, number>();
    for (let k = 0; k < cols.length; k++)
      merged.set(cols[k], (merged.get(cols[k]) ?? 0) + coefs[k]);
    for (const [c, v] of merged) {
      if (v === 0) continue;
      this.indices.push(c);
      this.values.push(v);
    }
    this.starts.push(this.indices.length);
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    return this.rowLower.length - 1;
  }
}

export interface LpSolveOptions {
  /** HiGHS LP algorithm: "choose" (default), "simplex" or "ipm". */
  solver?: "choose" | "simplex" | "ipm";
  /** Seconds before HiGHS stops (status timeLimit is an error here). */
  timeLimit?: number;
  /** Called from HiGHS's simplex/IPM iteration callbacks. */
  onIteration?: (iterations: number) => void;
  /** Every column integer (a MIP, solved to relative gap 1e-6); rowDual is then meaningless. */
  integer?: boolean;
}

export interface LpSolution {
  objective: number;
  x: Float64Array;
  /** HiGHS's row duals (shadow prices; sign convention of HiGHS for maximisation). */
  rowDual: Float64Array;
  seconds: number;
}

/** Maximize colCost·x subject to the rows and bounds; throws unless HiGHS proves optimality. */
export async function solveMax(lp: LpBuilder, opts: LpSolveOptions = {}): Promise<LpSolution> {
  const highs = await highsRuntime();
  const inf = highs.infinity;
  const fin = (v: number) => (v === Infinity ? inf : v === -Infinity ? -inf : v);
  const model = highs.createModel({
    numCols: lp.numCols,
    numRows: lp.numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: Float64Array.from(lp.colCost),
    colLower: Float64Array.from(lp.colLower, fin),
    colUpper: Float64Array.from(lp.colUpper, fin),
    rowLower: Float64Array.from(lp.rowLower, fin),
    rowUpper: Float64Array.from(lp.rowUpper, fin),
    matrix: {
      format: "csr",
      numRows: lp.numRows,
      numCols: lp.numCols,
      starts: Int32Array.from(lp.starts),
      indices: Int32Array.from(lp.indices),
      values: Float64Array.from(lp.values),
    },
    ...(opts.integer ? { integrality: new Int32Array(lp.numCols).fill(1) } : {}),
  });
  try {
    // Tight tolerances: the mechanism is certified afterwards by the exact evaluator, whose
    // exploitability must be ~0, so IC rows may only be violated by rounding.
    model.options.set({
      output_flag: false,
      solver: opts.solver ?? "choose",
      primal_feasibility_tolerance: 1e-9,
      dual_feasibility_tolerance: 1e-9,
      ...(opts.timeLimit ? { time_limit: opts.timeLimit } : {}),
      ...(opts.integer ? { mip_rel_gap: 1e-6 } : {}),
    });
    const t0 = performance.now();
    const on = opts.onIteration;
    const result = model.run(
      on
        ? {
            [highs.constants.callbackType.simplexInterrupt]: (e) => {
              on(e.data.simplex_iteration_count ?? 0);
              return undefined;
            },
            [highs.constants.callbackType.ipmInterrupt]: (e) => {
              on(e.data.ipm_iteration_count ?? 0);
              return undefined;
            },
          }
        : undefined,
    );
    const seconds = (performance.now() - t0) / 1000;
    if (result.modelStatus !== highs.constants.modelStatus.optimal) {
      const name = Object.entries(highs.constants.modelStatus).find(
        ([, v]) => v === result.modelStatus,
      )?.[0];
      throw new Error(`HiGHS did not prove optimality: status ${name ?? result.modelStatus}`);
    }
    const sol = model.getSolution();
    return { objective: model.getObjectiveValue(), x: sol.colValue, rowDual: sol.rowDual, seconds };
  } finally {
    model.dispose();
  }
}
