// What an executor reports for each job it finishes: stored (done) or recorded as failed.
export interface JobOutcome {
  id: string;
  status: "done" | "failed";
  error?: string;
}

export type OnOutcome = (o: JobOutcome) => void;
