import type { ParsedTwiml } from "./twiml.js";

export class SimulatorError extends Error {
  override name = "SimulatorError";
  readonly status: number | undefined;
  readonly twiml: ParsedTwiml | undefined;
  /** What the server answered, when it refused a request. */
  readonly body: string | undefined;

  constructor(message: string, details: { status?: number; twiml?: ParsedTwiml; body?: string; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.status = details.status;
    this.twiml = details.twiml;
    this.body = details.body;
  }
}
