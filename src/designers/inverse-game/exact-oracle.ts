// Exact expectations and gradients for discrete `realized` problems (Inverse Games eq. 1–3 and the
// regret of eq. 2 for a parameterized deviation policy), by enumerating public-history trees
// (../compiled-game/exact-tree.ts) and sweeping them in Float64 (tree-sweep.ts); the networks
// enter only through one batched forward and one vector–Jacobian product per tree.
//
// Regret trees. "full": the deviator's policy acts at every period — exact ψ_i(θ, w), used
// when the tree has at most `maxNodes` nodes (T ≤ 3–4 with one good). "one-shot": tree d lets
// the policy act at period d only (truthful before and after); step s uses d = s mod T and the
// loss weights ψ_{i,d} by T, an unbiased estimate of the gradient of Σ_d ψ_{i,d}. One-shot
// deviations are necessary conditions of IC, not sufficient ones (multi-period lies are not
// searched), so the independent exact certifier is what decides whether the result is IC.
import { UsageError } from "../../core/errors.js";
import type { Tensor } from "../../engine/jax.js";
import type { Rng } from "../../engine/rng.js";
import { initParams } from "../../mechanisms/neural/network.js";
import {
  finishPolicyInit,
  policyParamShapes,
  type PolicyLayout,
} from "../../agents/deviation/discrete-policy.js";
import type { MechanismArch } from "../../mechanisms/neural/network.js";
import type { FeatureLayout } from "../../mechanisms/neural/features.js";
import type { DynamicProblem } from "../../problems/types.js";
import type { Estimates, Gradients, LossCoefficients, Oracle } from "./oracle.js";
import { buildTree, TreeTooLarge, type Tree } from "../compiled-game/exact-tree.js";
import {
  sweep,
  SweepWorkspace,
  type Coefficients,
  type CotangentSink,
  type SweepTree,
} from "./tree-sweep.js";
import { availableParallelism } from "node:os";
import { isMainThread } from "node:worker_threads";
import { NetworkPool } from "./network-pool.js";
import { JaxPolicyFns, policyBatch, type PolicyBatch } from "./policy-batch.js";
import { fixedChunk, MechanismBatch, unionBatch, type NetworkBatch } from "./mechanism-batch.js";
import { WasmMechanismBatch } from "./mechanism-batch-wasm.js";

export type RegretMode = "auto" | "full" | "one-shot";

/**
 * Threads for the network's work: auto = two when the union batch has several chunks (jax) or
 * at least WASM_POOL_ROWS rows (wasm).
 */
export type ThreadsOption = "auto" | 1 | 2;

/** Union rows from which kernel=wasm's auto threads takes two worker threads. */
export const WASM_POOL_ROWS = 16384;

/**
 * The network's engine: jax-js (the default), or mechlab's WebAssembly SIMD kernel
 * (mechanism-batch-wasm.ts: the same maths, faster, rounding differently).
 */
export type KernelOption = "jax" | "wasm";
export const KERNELS: readonly KernelOption[] = ["jax", "wasm"];

export interface ExactOracleOptions {
  maxNodes?: number;
  regret?: RegretMode;
  threads?: ThreadsOption;
  kernel?: KernelOption;
  /** Rows per chunk of the union batches (default: fixedChunk of the batch's size). */
  chunkRows?: number;
}

/** Wall and CPU milliseconds per phase of evaluate and its gradient (bench/designers.ts). */
export type OracleProfile = Record<string, { wall: number; cpu: number }>;

interface TreeData {
  tree: Tree;
  /** The deviation policy over the tree's decision rows (absent: none). */
  policy?: PolicyBatch;
}

/**
 * What one iteration touches: the truthful tree and every agent's regret tree of one deviation
 * period, their distinct mechanism inputs uploaded once as one union batch (unionBatch), and
 * each tree re-indexed into it, so an iteration runs one forward and one vector–Jacobian
 * product over the union instead of one of each per tree (the trees share the truthful
 * histories). The cotangent sink is reused across iterations.
 */
interface Stage {
  /** The union batch uploaded on this thread; absent when the network pool holds it. */
  x?: unknown;
  rows: number;
  truthful: { view: SweepTree; work: SweepWorkspace };
  devs: { data: TreeData; view: SweepTree; work: SweepWorkspace }[];
  sink: CotangentSink;
}

export class ExactTreeOracle implements Oracle {
  readonly agents: number;
  readonly mode: "full" | "one-shot";
  readonly policy: PolicyLayout;
  readonly initProbs: number[][];
  private readonly truthful: Tree;
  /** devTrees[i][d]: agent i's regret trees (one for "full", T for "one-shot"). */
  private readonly devTrees: (TreeData | undefined)[][];
  /** stages[d]: the union batch of period d's trees (built with them, on first use). */
  private readonly stages: (Stage | undefined)[];
  private readonly regretCache: number[][];
  private calls = 0;
  private readonly net: NetworkBatch<unknown>;
  /** The deviation policy on jax-js (kernel=jax; kernel=wasm uses FastPolicyBatch). */
  private readonly policyFns?: JaxPolicyFns;
  private threadsOpt: ThreadsOption;
  private readonly kernel: KernelOption;
  private readonly fastPolicy: boolean;
  private readonly chunkRows?: number;
  /** Worker threads for the network (decided at the first union batch); null: this thread. */
  private pool: NetworkPool | null | undefined;
  /** Set to an empty object to have every evaluate's phases timed into it. */
  profile?: OracleProfile;

  constructor(
    private readonly problem: DynamicProblem,
    layout: FeatureLayout,
    arch: MechanismArch,
    opts: ExactOracleOptions = {},
  ) {
    if (problem.semantics !== "realized") {
      throw new UsageError("--problem", "the exact-tree designer needs semantics=realized");
    }
    const kernel = opts.kernel ?? "jax";
    if (!KERNELS.includes(kernel))
      throw new UsageError(
        "--kernel",
        `"${String(kernel)}" is not allowed (${KERNELS.join(", ")})`,
      );
    this.threadsOpt = opts.threads ?? "auto";
    this.kernel = kernel;
    this.fastPolicy = kernel === "wasm";
    this.net =
      kernel === "wasm" ? new WasmMechanismBatch(layout, arch) : new MechanismBatch(layout, arch);
    this.chunkRows = opts.chunkRows;
    const maxNodes = opts.maxNodes ?? 300_000;
    const n = problem.agents;
    const T = problem.horizon;
    this.agents = n;
    this.initProbs = Array.from({ length: n }, (_, i) => problem.initialStates!(i).map((s) => s.p));
    const truthTree = buildTree(problem, { deviator: null, deviateAt: [] }, maxNodes);
    this.truthful = truthTree;
    this.policy = truthTree.policy;
    let mode: "full" | "one-shot" = opts.regret === "one-shot" ? "one-shot" : "full";
    let first: Tree | undefined;
    if (mode === "full") {
      try {
        first = buildTree(problem, { deviator: 0, deviateAt: new Array(T).fill(true) }, maxNodes);
      } catch (e) {
        if (!(e instanceof TreeTooLarge) || opts.regret === "full") throw e;
        mode = "one-shot";
      }
    }
    this.mode = mode;
    const count = mode === "full" ? 1 : T;
    this.devTrees = Array.from({ length: n }, () => new Array<TreeData | undefined>(count));
    if (first) this.devTrees[0][0] = this.upload(first);
    this.stages = new Array<Stage | undefined>(count);
    this.regretCache = Array.from({ length: n }, () => new Array<number>(count).fill(0));

    if (!this.fastPolicy) this.policyFns = new JaxPolicyFns();
  }

  policyShapes() {
    return policyParamShapes(this.policy);
  }

  /** Random encoders, zero residual: exactly truthful. */
  initPolicy(rng: Rng): Float32Array[] {
    return finishPolicyInit(initParams(this.policyShapes(), rng));
  }

  /** Node counts (and distinct mechanism inputs): truthful tree and one regret tree. */
  sizes(): { truthful: number; regret: number; regretRows: number } {
    const dev = this.devTree(0, 0).tree;
    return { truthful: this.truthful.size, regret: dev.size, regretRows: dev.mech.size };
  }

  /** Rows of the union batch of regret period d (what one iteration's forward and VJP see). */
  unionRows(d: number): number {
    return this.stage(d).rows;
  }

  /** Threads running the network (1 = this thread); known once the first stage exists. */
  threads(): number {
    this.stage(0);
    return this.pool ? this.pool.threadCount : 1;
  }

  /**
   * When profiling, compute lazy tensors now (dataSync of a copy) so that their time lands in
   * the phase that asked for them; otherwise return them as they are.
   */
  private settle(ts: Tensor[]): Tensor[] {
    if (this.profile) for (const t of ts) t.ref.dataSync();
    return ts;
  }

  /** Time f into this.profile[name] when profiling. */
  private tick<R>(name: string, f: () => R): R {
    const p = this.profile;
    if (!p) return f();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = f();
    const c = process.cpuUsage(c0);
    const e = (p[name] ??= { wall: 0, cpu: 0 });
    e.wall += performance.now() - t0;
    e.cpu += (c.user + c.system) / 1000;
    return r;
  }

  private upload(tree: Tree): TreeData {
    return { tree, policy: policyBatch(tree, this.policyFns) };
  }

  private devTree(agent: number, d: number): TreeData {
    const slot = this.devTrees[agent];
    if (!slot[d]) {
      const T = this.problem.horizon;
      const deviateAt =
        this.mode === "full"
          ? new Array(T).fill(true)
          : Array.from({ length: T }, (_, t) => t === d);
      slot[d] = this.upload(buildTree(this.problem, { deviator: agent, deviateAt }, Infinity));
    }
    return slot[d]!;
  }

  private stage(d: number): Stage {
    const have = this.stages[d];
    if (have) return have;
    const devs = Array.from({ length: this.agents }, (_, i) => this.devTree(i, d));
    const trees = [this.truthful, ...devs.map((x) => x.tree)];
    const { batch, rowMaps } = unionBatch(
      this.truthful.layout,
      trees.map((t) => t.mech),
    );
    const U = batch.size;
    const chunkRows = this.chunkRows ?? fixedChunk(U);
    if (this.pool === undefined) {
      const big = this.kernel === "wasm" ? U >= WASM_POOL_ROWS : U > chunkRows;
      // jax-js: bit-identical on any thread count, so auto may look at the machine (not inside a
      // worker thread: a sweep's job threads already use every core). wasm: two threads round
      // differently from one, so auto decides on the rows alone — same seed, same numbers on
      // every machine (on one core, or in a job thread, it is slower, not different).
      const machine = this.kernel === "wasm" || (availableParallelism() >= 2 && isMainThread);
      const want = this.threadsOpt === "auto" ? (big && machine ? 2 : 1) : this.threadsOpt;
      this.pool =
        want > 1 ? new NetworkPool(this.truthful.layout, this.net.arch, want, this.kernel) : null;
    }
    if (this.pool) this.pool.upload(d, batch, chunkRows);
    const view = (t: Tree, k: number): SweepTree => ({
      ...t,
      mech: { size: U },
      mechRow: Int32Array.from(t.mechRow, (row) => rowMaps[k][row]),
    });
    const { n, m } = this.truthful.layout;
    const st: Stage = {
      x: this.pool ? undefined : this.net.upload(batch, chunkRows),
      rows: U,
      truthful: { view: view(this.truthful, 0), work: new SweepWorkspace(this.truthful.size, n) },
      devs: devs.map((data, i) => ({
        data,
        view: view(data.tree, i + 1),
        work: new SweepWorkspace(data.tree.size, n),
      })),
      sink: this.pool?.sink(d) ?? {
        alloc: new Float64Array(U * m * (n + 1)),
        pay: new Float64Array(U * n),
      },
    };
    this.stages[d] = st;
    return st;
  }

  evaluate(theta: Tensor[], w: Tensor[][], a: number[]) {
    const n = this.agents;
    const gamma = this.problem.discount;
    const d = this.mode === "full" ? 0 : this.calls % this.problem.horizon;
    const weight = this.mode === "full" ? 1 : this.problem.horizon;
    this.calls++;
    const st = this.stage(d);
    const pool = this.pool;
    const forward = this.tick("network forward", () => {
      if (pool) return pool.forwardStart(d, theta);
      const o = this.net.forward(theta, st.x!);
      return () => o;
    });
    // The deviation policies' report probabilities (on worker threads: while the network runs).
    const qs = st.devs.map(({ data }, i) =>
      this.tick("policy network", () => data.policy!.forward(w[i])),
    );
    const out = this.tick("network forward", forward);
    // The sweeps run on the stage's reused buffers: `grad` below is valid until the next
    // evaluate (how Game.step uses it).
    const tr = this.tick("tree sweeps", () =>
      sweep(st.truthful.view, out, gamma, this.initProbs, st.truthful.work),
    );
    const devs = st.devs.map(({ data, view, work }, i) => {
      const q = qs[i];
      const sw = this.tick("tree sweeps", () =>
        sweep(view, { ...out, q, a: a[i] }, gamma, this.initProbs, work),
      );
      this.regretCache[i][d] = sw.sums.utility[i] - tr.sums.utility[i];
      return { data, sw, q };
    });
    const est: Estimates = {
      revenue: tr.sums.revenue,
      utility: tr.sums.utility,
      interim: tr.sums.interim,
      interimProb: this.initProbs,
      regret: this.regretCache.map((r) => r.reduce((s, v) => s + v, 0)),
      exact: this.mode === "full",
    };
    const zeros = () => new Array<number>(n).fill(0);
    const gradFn = (coef: LossCoefficients): Gradients => {
      // ψ_i = U_i^dev − U_i: the truthful tree carries −∂L/∂ψ_i on U_i.
      const trCoef: Coefficients = {
        revenue: coef.revenue,
        utility: coef.utility.map((c, i) => c - weight * coef.regret[i]),
        interim: coef.interim,
      };
      const sink = st.sink;
      const noInterim = this.initProbs.map((ps) => ps.map(() => 0));
      this.tick("backward sweeps", () => {
        sink.alloc.fill(0);
        sink.pay.fill(0);
        tr.backwardInto(trCoef, sink);
        devs.forEach(({ sw }, i) => {
          if (coef.regret[i] === 0) return;
          const u = zeros();
          u[i] = weight * coef.regret[i];
          sw.backwardInto({ revenue: 0, utility: u, interim: noInterim }, sink);
        });
      });
      // One vector–Jacobian product for every tree: their cotangents share the union rows.
      // On worker threads it runs while this thread does the adversary's sweeps below.
      const finish = this.tick("network VJP", () => {
        if (pool) return pool.vjpStart(d, sink.alloc, sink.pay);
        const g = this.net.vjp(theta, st.x!, sink.alloc, sink.pay);
        return () => g;
      });
      const gw: Tensor[][] = [];
      const ga: number[] = [];
      devs.forEach(({ data, sw, q }, i) => {
        // The adversary ascends ψ_i itself.
        const u1 = zeros();
        u1[i] = 1;
        const c1 = this.tick("backward sweeps", () =>
          sw.backwardInto({ revenue: 0, utility: u1, interim: noInterim }, null),
        );
        const tree = data.tree;
        const R = tree.policy.reports;
        const D = tree.decisionRows.length;
        const cq = data.policy!.cotangent();
        let gradA = 0;
        for (let k = 0; k < D; k++) {
          const rho = tree.decisionReport[k];
          // q is trained as if it were played (a = 1): the direction of ∂ψ/∂q is the same for
          // every a > 0, and it stays informative at a = 0 where the policy is exactly truthful.
          cq[k * R + rho] = c1.pi[k];
          const truth = rho === tree.decisionTruth[k] ? 1 : 0;
          gradA += c1.pi[k] * (q[k * R + rho] - truth);
        }
        gw.push(this.tick("policy network", () => this.settle(data.policy!.vjp(w[i], cq))));
        ga.push(gradA);
      });
      const theta2 = this.tick("network VJP", () => this.settle(finish()));
      return { theta: theta2, w: gw, a: ga };
    };
    return { est, grad: gradFn };
  }

  /** The call counter (which one-shot tree is next) and the cached one-shot regrets. */
  saveState(): { calls: number; regretCache: number[][] } {
    return { calls: this.calls, regretCache: this.regretCache.map((r) => r.slice()) };
  }

  loadState(state: unknown): void {
    const s = state as { calls: number; regretCache: number[][] };
    this.calls = s.calls;
    s.regretCache.forEach((r, i) => this.regretCache[i].splice(0, r.length, ...r));
  }

  dispose(): void {
    this.pool?.dispose();
    for (const st of this.stages) if (st?.x) this.net.release(st.x);
    for (const t of this.devTrees.flat()) {
      if (!t) continue;
      t.policy?.dispose();
    }
    this.net.dispose();
    this.policyFns?.dispose();
  }
}
