// A run stopped early whose output was discarded (run-dir.ts): exit 130 with this message.
export class InterruptedRun extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InterruptedRun";
  }
}
