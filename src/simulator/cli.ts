import { readFileSync } from "node:fs";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { z } from "zod";
import { defaultTiming } from "../config.js";
import { readLocalSecrets } from "../local-secrets.js";
import { twilioRoutes } from "../twilio/routes.js";
import type { CallEvent, CallOutcome, SimulatedCall } from "./simulated-call.js";
import { placeCall } from "./simulated-call.js";
import { SimulatorError } from "./simulator-error.js";
import type { TwimlElement } from "./twiml.js";

const USAGE = `Usage: npm run call -- [options]

Plays a caller against a running secretary, speaking Twilio's protocol.

Options:
  --url URL          the server to call (default http://localhost:$PORT, PORT defaults to 3000)
  --public-url URL   the server's PUBLIC_URL, which signatures are computed on
                     (default $PUBLIC_URL, else the --url value)
  --from NUMBER      the caller's number (default +15555550123)
  --to NUMBER        the number called (default +15555550100)
  --script FILE      caller lines, one per line (blank lines and # comments skipped)
  --owner WHO[,WHO]  who answers when the call is put through, number by number (the last
                     repeats): answer (picks up, hears the briefing, presses 1), voicemail
                     (a voicemail picks up and presses nothing), no-answer (it rings out).
                     Default: answer
  --help             show this help

While the call is up, type what the caller says. Commands: /dtmf 123 presses keys,
/hangup (or Ctrl-D) hangs up.
Signatures use TWILIO_AUTH_TOKEN (or the server's DATA_DIR/local-secrets.json) and are
computed on the public URL, like Twilio does.`;

// The server answers keys once none has come for its key pause, and its reply then starts within
// the time it gives Claude for a first token: wait that long for the reply to start.
const DTMF_REPLY_START_MS = defaultTiming.dtmfIdleMs + defaultTiming.firstTokenTimeoutMs;
// A scripted or piped caller still pauses before each line (and before hanging up at the end of
// its input), so an `end` the server sends right after a reply is seen first, as on a real call.
const CALLER_PAUSE_MS = 300;

interface Input {
  next(): Promise<string | undefined>;
  close(): void;
}

/** The command line's options; throws on an unknown option, a missing value or a stray argument. */
function readOptions() {
  return parseArgs({
    options: {
      url: { type: "string" },
      "public-url": { type: "string" },
      from: { type: "string", default: "+15555550123" },
      to: { type: "string", default: "+15555550100" },
      script: { type: "string" },
      owner: { type: "string", default: "answer" },
      help: { type: "boolean", default: false },
    },
  }).values;
}

async function main(): Promise<number> {
  let values: ReturnType<typeof readOptions>;
  try {
    values = readOptions();
  } catch (error) {
    // A mistyped option: what is wrong and how to call, not a stack trace.
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const serverUrl = (values.url ?? `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, "");
  const publicUrl = (values["public-url"] ?? (process.env.PUBLIC_URL?.trim() || serverUrl)).replace(/\/+$/, "");
  const authToken =
    process.env.TWILIO_AUTH_TOKEN?.trim() ||
    readLocalSecrets(process.env.DATA_DIR?.trim() || "./data")?.twilioAuthToken;
  if (!authToken) {
    console.error(
      "No Twilio auth token to sign requests with. Start the server once (`npm start` writes one to ./data/local-secrets.json), or set TWILIO_AUTH_TOKEN to the server's.",
    );
    return 1;
  }
  const script = values.script === undefined ? undefined : readScript(values.script);
  const owners = readOwners(values.owner);
  if (!owners) {
    console.error(`--owner takes answer, voicemail or no-answer, comma-separated\n\n${USAGE}`);
    return 2;
  }
  let dialsRung = 0;
  let placed: SimulatedCall | undefined;
  // The person rung answers (or not) once the call has a Dial pending: right away, or after
  // placeCall returns when the Dial was the call's first answer (a VIP's call).
  const answerDial = (on: SimulatedCall) => {
    const who = owners[Math.min(dialsRung++, owners.length - 1)] ?? "answer";
    // After the TwiML that rang has been run to its end (this is called from within it).
    void Promise.resolve()
      .then(() => playDialedLeg(on, who))
      .catch((error: unknown) => console.log(`[${error instanceof Error ? error.message : String(error)}]`));
  };

  let call: SimulatedCall;
  // A reply being streamed ends its line before anything else is printed.
  let endReplyLine: () => void = () => undefined;
  let sessionsOpened = 0;
  // What the line does besides the conversation: the caller hears it as it happens (from the
  // first ring: a restarting server holds a new call before it is picked up).
  const onEvent = (event: CallEvent) => {
    if (event.type === "session-opened" && ++sessionsOpened === 1) return;
    const heard = describeEvent(event);
    if (heard !== undefined) {
      endReplyLine();
      console.log(heard);
    }
    if (event.type === "dialing" && placed) answerDial(placed);
  };
  try {
    call = await placeCall({
      serverUrl,
      publicUrl,
      authToken,
      from: values.from,
      to: values.to,
      timeoutMs: 120_000,
      onEvent,
    });
  } catch (error) {
    console.error(describePlaceCallError(error, serverUrl, publicUrl));
    return 1;
  }

  placed = call;
  if (call.outcome?.reason === "rejected") {
    call.dispose();
    return 0;
  }
  // Put through to someone before the secretary (a VIP's call): they answer as --owner says.
  if (call.pendingDial) {
    answerDial(call);
    await call.connected();
    if (call.outcome) {
      console.log(describeOutcome(call.outcome));
      await call.hangUp().catch(() => undefined);
      call.dispose();
      return 0;
    }
  }
  console.log(`[call ${call.callSid} from ${call.from} to ${call.to} connected]`);
  if (call.twiml.relay?.welcomeGreeting) console.log(`Assistant: ${call.twiml.relay.welcomeGreeting}`);
  const printer = new ReplyPrinter(call);
  endReplyLine = () => printer.flush();
  const input = script ? scriptInput(script) : terminalInput();
  const paced = script !== undefined || !process.stdin.isTTY;
  const over = call.finished.then(() => undefined);
  try {
    for (;;) {
      const line = await Promise.race([over, input.next()]);
      // Leaves the "You: " prompt's line before reporting how the call ended.
      if (!paced && (call.outcome || line === undefined)) process.stdout.write("\n");
      if (call.outcome) break;
      const text = line?.trim();
      if (text === "" || text?.startsWith("#")) continue;
      if (paced) {
        // A caller on hold waits for someone to talk to again.
        await Promise.race([over, sleep(CALLER_PAUSE_MS).then(() => call.connected())]);
        if (call.outcome) break;
        if (text !== undefined) console.log(`Caller: ${text}`);
      }
      if (text === undefined || text === "/hangup") return await hangUp(call);
      const dtmf = /^\/dtmf\s+(\S+)$/.exec(text);
      if (dtmf) {
        try {
          call.dtmf(dtmf[1] ?? "");
        } catch (error) {
          if (!(error instanceof SimulatorError)) throw error;
          console.log(`[${error.message}]`);
          continue;
        }
        const replied = Promise.race([printer.started(), sleep(DTMF_REPLY_START_MS)]).then(() => printer.idle());
        await Promise.race([over, replied]);
        continue;
      }
      if (text.startsWith("/")) {
        console.log("[commands: /dtmf 123, /hangup]");
        continue;
      }
      try {
        await call.say(text);
      } catch (error) {
        if (!(error instanceof SimulatorError)) throw error;
        if (!call.outcome) console.log(`[${error.message}]`);
      }
    }
    const outcome = call.outcome ?? (await call.finished);
    printer.flush();
    console.log(describeOutcome(outcome));
    // The caller's line stays up through what the TwiML answered; then Twilio reports it completed.
    await call.hangUp().catch(() => undefined);
    return outcome.reason === "failed" ? 1 : 0;
  } finally {
    input.close();
    call.dispose();
  }
}

type DialedAnswer = "answer" | "voicemail" | "no-answer";

function readOwners(option: string): DialedAnswer[] | undefined {
  const owners = option.split(",").map((who) => who.trim());
  const known = (who: string): who is DialedAnswer => who === "answer" || who === "voicemail" || who === "no-answer";
  return owners.every(known) ? owners : undefined;
}

/** Plays the person a pending `<Dial>` rings: what they hear, and whether the caller is put through. */
async function playDialedLeg(call: SimulatedCall, who: DialedAnswer): Promise<void> {
  const number = call.pendingDial?.number ?? "the number";
  if (who === "no-answer") {
    console.log(`[${number} rings out: nobody answers]`);
    await call.finishDial("no-answer");
    return;
  }
  const picker = who === "answer" ? number : `${number}'s voicemail`;
  // Shown once their side has run, before what the caller hears next.
  const stop = call.onEvent((event) => {
    if (event.type !== "picked-up") return;
    stop();
    const { heard, pressed, bridged } = event.leg;
    const outcome = bridged ? `you are put through to ${number}, who hangs up when you are done` : "not put through";
    console.log(`[${picker} picks up and hears: "${heard.join(" ")}"]`);
    console.log(`[${pressed ? `${pressed} pressed` : "no key pressed"}: ${outcome}]`);
  });
  const leg = await call.pickUp(who === "answer" ? { press: "1" } : {});
  if (leg.bridged) await call.finishDial("completed", { duration: 60 });
}

async function hangUp(call: SimulatedCall): Promise<number> {
  await call.hangUp();
  console.log("[you hung up]");
  return 0;
}

/** Streams the assistant's tokens to stdout as they arrive. */
class ReplyPrinter {
  private speaking = false;
  private startedSpeaking: (() => void) | undefined;
  private finishedSpeaking: (() => void) | undefined;

  constructor(call: SimulatedCall) {
    call.onToken(({ token, last }) => {
      if (!this.speaking) {
        process.stdout.write("Assistant: ");
        this.speaking = true;
        this.startedSpeaking?.();
        this.startedSpeaking = undefined;
      }
      process.stdout.write(token);
      if (last) this.flush();
    });
  }

  /** Resolves once a reply is being streamed. */
  started(): Promise<void> {
    if (this.speaking) return Promise.resolve();
    return new Promise((resolve) => (this.startedSpeaking = resolve));
  }

  /** Resolves once no reply is being streamed. */
  idle(): Promise<void> {
    if (!this.speaking) return Promise.resolve();
    return new Promise((resolve) => (this.finishedSpeaking = resolve));
  }

  flush(): void {
    if (!this.speaking) return;
    process.stdout.write("\n");
    this.speaking = false;
    this.finishedSpeaking?.();
    this.finishedSpeaking = undefined;
  }
}

function readScript(file: string): string[] {
  try {
    return readFileSync(file, "utf8").split(/\r?\n/);
  } catch (error) {
    throw new SimulatorError(
      `cannot read the script ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function scriptInput(lines: string[]): Input {
  let index = 0;
  return { next: async () => lines[index++], close: () => undefined };
}

function terminalInput(): Input {
  const interactive = process.stdin.isTTY === true;
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: interactive });
  rl.setPrompt("You: ");
  // Ctrl-C hangs up like Ctrl-D instead of leaving the call hanging on the server.
  rl.on("SIGINT", () => rl.close());
  // The iterator buffers lines piped in faster than the call consumes them.
  const lines = rl[Symbol.asyncIterator]();
  return {
    next: async () => {
      if (interactive) rl.prompt();
      const result = await lines.next();
      return result.done ? undefined : result.value;
    },
    close: () => rl.close(),
  };
}

/** What the caller notices of a CallEvent: the line's words and its silences, not its requests. */
function describeEvent(event: CallEvent): string | undefined {
  switch (event.type) {
    case "say":
      return `Assistant: ${event.text}`;
    case "pause":
      return event.ringing ? `[it rings on for ${event.seconds} s]` : `[silence, ${event.seconds} s]`;
    case "session-opened":
      return event.greeting === undefined ? undefined : `Assistant: ${event.greeting}`;
    case "rejected":
      return event.reason === "busy" ? "[busy signal: the call was rejected]" : "[the call was rejected]";
    case "dialing":
      return `[ringing ${event.number}]`;
    default:
      return undefined;
  }
}

function describeOutcome(outcome: CallOutcome): string {
  if (outcome.error) return `[call dropped: ${outcome.error}]`;
  const action = outcome.action;
  if (action && (action.status < 200 || action.status >= 300)) {
    return `[call ${outcome.reason}: the action URL answered HTTP ${action.status}]`;
  }
  const verbs = action?.twiml?.verbs ?? [];
  const dial = verbs.find((verb) => verb.name === "Dial");
  if (dial) return `[call transferred: <Dial>${dialTarget(dial)}]`;
  if (outcome.reason === "failed") return "[call dropped: the relay session failed and was not resumed]";
  const said = verbs.filter((verb) => verb.name === "Say").map((verb) => verb.text);
  return said.length > 0 ? `[call ended: "${said.join(" ")}"]` : "[call ended]";
}

function dialTarget(dial: TwimlElement): string {
  return (
    dial.text ||
    dial.children
      .map((child) => child.text)
      .filter(Boolean)
      .join(", ")
  );
}

function describePlaceCallError(error: unknown, serverUrl: string, publicUrl: string): string {
  const code =
    error instanceof Error && error.cause instanceof Error ? (error.cause as NodeJS.ErrnoException).code : undefined;
  if (code === "ECONNREFUSED") {
    return `Cannot reach the secretary at ${serverUrl} (connection refused): start it with \`npm start\`, or pass --url.`;
  }
  if (code === "ENOTFOUND") return `Cannot resolve the host of ${serverUrl}: check --url.`;
  if (error instanceof SimulatorError && error.status === 403) {
    const signedOn = publicUrl + twilioRoutes.voice;
    const checkedOn = signatureUrlIn(error.body);
    if (checkedOn === undefined) {
      return `The server rejected the call's signature (HTTP 403): use the server's TWILIO_AUTH_TOKEN and PUBLIC_URL.`;
    }
    if (checkedOn === signedOn) {
      return `The server rejected the call's signature on ${signedOn} (HTTP 403): sign with the server's TWILIO_AUTH_TOKEN (npm start keeps it in DATA_DIR/local-secrets.json).`;
    }
    const serverPublicUrl = checkedOn.endsWith(twilioRoutes.voice)
      ? checkedOn.slice(0, -twilioRoutes.voice.length)
      : checkedOn;
    return `The server checks signatures against ${checkedOn}: run with --public-url ${serverPublicUrl} (or set PUBLIC_URL).`;
  }
  return `The call failed: ${error instanceof Error ? error.message : String(error)}`;
}

/** The URL the server computed the signature on: it names it in a refusal outside production. */
function signatureUrlIn(body: string | undefined): string | undefined {
  try {
    const refusal = z.object({ signatureUrl: z.string() }).safeParse(JSON.parse(body ?? ""));
    return refusal.success ? refusal.data.signatureUrl : undefined;
  } catch {
    return undefined;
  }
}

/** Unref'd: a pause cut short by the end of the call must not hold the process open. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof SimulatorError ? error.message : error);
    process.exitCode = 1;
  },
);
