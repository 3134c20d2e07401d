import type { ParsedTwiml } from "./twiml-parser.js";

export class SimulatorError extends Error {
  override name = "SimulatorError";
  readonly status: number | undefined;
  readonly twiml: ParsedTwiml | undefined;

  constructor(message: string, details: { status?: number; twiml?: ParsedTwiml; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.status = details.status;
    this.twiml = details.twiml;
  }
}
