// Which participation notions (docs/participation.md) the SGDA designers honour. It depends on
// the network's payment rule (src/mechanisms/neural/network.ts):
//
// - payments=fraction: p_i = Σ_j x_ij r_ij σ(z_ij) ∈ [0, Σ_j r_ij x_ij] in every period and at
//   every history. So no payment to an agent (subsidies=none) and every period's payment is at
//   most report × allocation (ex-post). An agent that reports its true values from some period
//   on gets ≥ 0 in each of those periods, so its continuation utility is ≥ 0 (periodic), and
//   quitting for good never beats telling the truth from then on (the exit-proofness that
//   periodic and ex-post include). Every notion holds by construction, whatever the weights.
// - payments=free: payments of any sign and size; the loss's IR term enforces interim or
//   ex-ante IR (approximately, as a penalty), nothing per period, and subsidies may occur.
import { UsageError } from "../../core/errors.js";
import type { Participation } from "../../mechanisms/participation.js";
import type { IrNotion } from "./losses.js";

export type PaymentRule = "fraction" | "free";

/** The notions an SGDA designer honours with this payment rule. */
export function sgdaSupports(payments: PaymentRule): {
  ir: Participation["ir"][];
  noSubsidies: boolean;
} {
  return payments === "fraction"
    ? { ir: ["ex-ante", "interim", "periodic", "ex-post"], noSubsidies: true }
    : { ir: ["ex-ante", "interim"], noSubsidies: false };
}

/**
 * The IR notion of the training loss for a requested participation notion, or a UsageError
 * naming the designer, the notion and what is allowed when the payment rule cannot honour it.
 * With payments=fraction IR holds by construction; the loss keeps its interim term (ex-ante
 * when asked for ex-ante), which is then inactive.
 */
export function sgdaLossNotion(
  designer: string,
  payments: PaymentRule,
  p: Participation,
): IrNotion {
  const ok = sgdaSupports(payments);
  if (!ok.ir.includes(p.ir))
    throw new UsageError(
      "--ir",
      `designer ${designer} with --payments ${payments} cannot enforce ir=${p.ir}; allowed: ${ok.ir.join(", ")} (--payments fraction honours every notion by construction)`,
    );
  if (p.subsidies === "none" && !ok.noSubsidies)
    throw new UsageError(
      "--subsidies",
      `designer ${designer} with --payments ${payments} cannot enforce subsidies=none (free payments may be negative); allowed: allowed (--payments fraction never pays an agent)`,
    );
  return p.ir === "ex-ante" ? "ex-ante" : "interim";
}
