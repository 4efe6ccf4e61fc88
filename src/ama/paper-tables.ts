// Curry et al. 2024 Tables 1–5, copied from the paper (objective per row: VCG, Grid, 0-order,
// reg. LP). Tables 1, 2, 5: revenue (higher is better); Tables 3, 4: makespan (lower).
export interface PaperRow {
  n: number;
  m: number;
  vcg: number;
  grid: number;
  zeroth: number;
  smooth: number;
}

export interface PaperTable {
  id: number;
  caption: string;
  /** Standard-error bound stated in the caption. */
  stderrBound: number;
  /** Runtime bounds from the caption, hours: grid, zeroth-order, first order. */
  hours: { grid: number; zeroth: number; smooth: number };
  rows: PaperRow[];
}

const r = (
  n: number,
  m: number,
  vcg: number,
  grid: number,
  zeroth: number,
  smooth: number,
): PaperRow => ({ n, m, vcg, grid, zeroth, smooth });

export const paperTables: PaperTable[] = [
  {
    id: 1,
    caption: "sequential sales, symmetric U[0,1] values, revenue",
    stderrBound: 0.007,
    hours: { grid: 31, zeroth: 0.2, smooth: 1.1 },
    rows: [
      r(2, 2, 0.0, 0.4902, 0.4939, 0.4893),
      r(3, 2, 0.4999, 0.6079, 0.6777, 0.6755),
      r(4, 2, 0.8, 0.7977, 0.8783, 0.8328),
      r(5, 2, 0.9996, 1.005, 1.0078, 0.9967),
      r(2, 3, 0.0, 0.4715, 0.3825, 0.4168),
      r(3, 3, 0.0, 0.6107, 0.6446, 0.724),
      r(4, 3, 0.6007, 0.7323, 0.8875, 0.9104),
      r(5, 3, 0.9988, 0.7142, 1.0631, 1.0743),
    ],
  },
  {
    id: 2,
    caption: "sequential sales, asymmetric U[0,1/i] values, revenue",
    stderrBound: 0.004,
    hours: { grid: 32, zeroth: 0.2, smooth: 1.1 },
    rows: [
      r(2, 2, 0.0, 0.3327, 0.3302, 0.3665),
      r(3, 2, 0.2348, 0.3217, 0.4123, 0.4116),
      r(4, 2, 0.3089, 0.3328, 0.4021, 0.4508),
      r(5, 2, 0.335, 0.3355, 0.4348, 0.4645),
      r(2, 3, 0.0, 0.3208, 0.2544, 0.3202),
      r(3, 3, 0.0, 0.3304, 0.3556, 0.4354),
      r(4, 3, 0.2276, 0.3431, 0.4263, 0.4751),
      r(5, 3, 0.3193, 0.2713, 0.377, 0.4976),
    ],
  },
  {
    id: 3,
    caption: "task scheduling, symmetric U[0,3] costs, makespan",
    stderrBound: 0.02,
    hours: { grid: 16, zeroth: 0.1, smooth: 4.1 },
    rows: [
      r(2, 4, 1.0336, 1.0326, 0.9132, 0.9288),
      r(2, 5, 1.0116, 1.0142, 0.882, 0.9286),
      r(3, 4, 0.6111, 0.6196, 0.5967, 0.6184),
      r(3, 5, 0.5662, 0.5632, 0.5429, 0.5538),
    ],
  },
  {
    id: 4,
    caption: "task scheduling, asymmetric U[0,3i] costs, makespan",
    stderrBound: 0.03,
    hours: { grid: 17, zeroth: 0.1, smooth: 4 },
    rows: [
      r(2, 4, 1.8312, 1.826, 1.5978, 1.6121),
      r(2, 5, 1.9651, 1.9837, 1.6347, 1.6886),
      r(3, 4, 1.4299, 1.4426, 1.3242, 1.3243),
      r(3, 5, 1.4644, 1.4729, 1.3256, 1.3629),
    ],
  },
  {
    id: 5,
    caption: "gridworld, one valued cell per agent, γ = 0.9, revenue",
    stderrBound: 0.05,
    hours: { grid: 30, zeroth: 0.1, smooth: 0.1 },
    rows: [
      r(2, 3, 0.7547, 1.0607, 1.3486, 1.5464),
      r(3, 3, 1.2812, 1.4348, 1.5575, 1.9251),
      r(4, 3, 1.8683, 1.8729, 1.8853, 2.3009),
      r(5, 3, 2.3563, 2.3689, 1.9951, 2.5989),
      r(2, 4, 1.0402, 1.0446, 1.4935, 1.6134),
      r(3, 4, 1.4898, 1.4904, 1.6821, 2.0171),
      r(4, 4, 1.861, 1.8757, 1.9427, 2.3413),
      r(5, 4, 2.2472, 2.2133, 2.0256, 2.5911),
    ],
  },
];
