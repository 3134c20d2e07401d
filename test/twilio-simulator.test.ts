import assert from "node:assert/strict";
import { once } from "node:events";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, test } from "node:test";
import twilio from "twilio";
import type WebSocket from "ws";
import { WebSocketServer } from "ws";
import { openRelaySocket, signedPost } from "../src/simulator/signed-requests.js";
import type { CallOutcome, SessionEnd, SimulatedCall, SimulatorOptions } from "../src/simulator/simulated-call.js";
import { placeCall } from "../src/simulator/simulated-call.js";
import { SimulatorError } from "../src/simulator/simulator-error.js";
import { parseTwiml } from "../src/simulator/twiml-parser.js";

const AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
// The server sits behind a TLS proxy: signatures are on this URL, connections go to 127.0.0.1.
const PUBLIC_URL = "https://secretary.example.test";
const RELAY_URL = "wss://secretary.example.test/twilio/relay";
const GREETING = `Hi, you've reached "Acme & Sons" <front desk>.`;
const OWNER_NUMBER = "+15550001111";

interface HttpRecord {
  path: string;
  params: Record<string, string>;
  signatureValid: boolean;
}

interface Connection {
  ws: WebSocket;
  signatureValid: boolean;
  frames: Record<string, unknown>[];
  closeCode?: number;
  closed: Promise<void>;
}

/**
 * A tiny stand-in for the secretary: checks signatures like the real server must and answers
 * prompts with "You said: …", streamed in several tokens.
 */
class FakeSecretary {
  readonly requests: HttpRecord[] = [];
  readonly connections: Connection[] = [];
  /** Transfers with a `<Dial action>`, so that an owner who does not answer sends the call back. */
  dialWithAction = false;
  /** Answers a call with `<Pause>` and this `<Redirect>` (as a restarting server does), not with the relay. */
  parkAt: string | undefined;
  /** How many requests to /twilio/parked lose their connection before one is answered. */
  parkedResets = 0;
  /** Answers a call with `<Reject reason>`, as for a blocked number. */
  rejectWith: "busy" | "rejected" | undefined;
  /** Answers a call with `<Say>` and a `<Dial action>` to the owner before any relay, as for a VIP. */
  dialFirst = false;
  /** With dialFirst: the `<Number url>` of a warm dial (relative, with its query), whose TwiML briefs the person rung. */
  whisperAt: string | undefined;
  private readonly http: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private connectionListeners: ((connection: Connection) => void)[] = [];

  constructor() {
    this.http = createServer((request, response) => void this.onRequest(request, response));
    this.http.on("upgrade", (request: IncomingMessage, socket, head) => {
      const signature = request.headers["x-twilio-signature"];
      const signatureValid =
        typeof signature === "string" && twilio.validateRequest(AUTH_TOKEN, signature, RELAY_URL, {});
      if (!signatureValid || request.url !== "/twilio/relay") {
        socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => this.onConnection(ws, signatureValid));
    });
  }

  async start(): Promise<string> {
    this.http.listen(0, "127.0.0.1");
    await once(this.http, "listening");
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise((resolve) => this.http.close(resolve));
  }

  reset(): void {
    this.requests.length = 0;
    this.connections.length = 0;
    this.dialWithAction = false;
    this.parkAt = undefined;
    this.parkedResets = 0;
    this.rejectWith = undefined;
    this.dialFirst = false;
    this.whisperAt = undefined;
  }

  nextConnection(): Promise<Connection> {
    return new Promise((resolve) => this.connectionListeners.push(resolve));
  }

  paths(): string[] {
    return this.requests.map((request) => request.path);
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = "";
    for await (const chunk of request) body += String(chunk);
    const params = Object.fromEntries(new URLSearchParams(body));
    const path = request.url ?? "";
    const signature = request.headers["x-twilio-signature"];
    const signatureValid =
      typeof signature === "string" && twilio.validateRequest(AUTH_TOKEN, signature, PUBLIC_URL + path, params);
    this.requests.push({ path, params, signatureValid });
    if (path === "/twilio/parked" && this.parkedResets > 0) {
      this.parkedResets--;
      request.socket.destroy();
      return;
    }
    if (!signatureValid) {
      response.writeHead(403).end();
      return;
    }
    const xml = (twiml: twilio.twiml.VoiceResponse) => {
      response.writeHead(200, { "Content-Type": "text/xml" }).end(twiml.toString());
    };
    if (path === "/twilio/voice" && this.rejectWith) {
      const twiml = new twilio.twiml.VoiceResponse();
      twiml.reject({ reason: this.rejectWith });
      // Never reached: Twilio stops at <Reject>.
      twiml.say("You should not hear this.");
      xml(twiml);
    } else if (path === "/twilio/voice" && this.dialFirst) {
      const twiml = new twilio.twiml.VoiceResponse();
      twiml.say("One moment.");
      if (this.whisperAt) {
        const dial = twiml.dial({ action: "dial-result", timeout: 15, answerOnBridge: true });
        dial.number({ url: this.whisperAt }, OWNER_NUMBER);
      } else {
        twiml.dial({ action: "dial-result", timeout: 15 }, OWNER_NUMBER);
      }
      xml(twiml);
    } else if (path.startsWith("/twilio/whisper?")) {
      const twiml = new twilio.twiml.VoiceResponse();
      const gather = twiml.gather({ numDigits: 1, action: "whisper-key" });
      gather.say("A call for Acme.");
      gather.say("Press 1 to take it.");
      twiml.hangup();
      xml(twiml);
    } else if (path === "/twilio/whisper-key") {
      const twiml = new twilio.twiml.VoiceResponse();
      if (params.Digits !== "1") twiml.hangup();
      xml(twiml);
    } else if (path === "/twilio/voice" && this.parkAt) {
      const twiml = new twilio.twiml.VoiceResponse();
      twiml.pause({ length: 1 });
      twiml.redirect(this.parkAt);
      xml(twiml);
    } else if (path === "/twilio/voice" || path === "/twilio/parked") {
      xml(relayTwiml());
    } else if (path === "/twilio/relay-action") {
      const twiml = params.SessionStatus === "failed" ? relayTwiml() : new twilio.twiml.VoiceResponse();
      if (params.SessionStatus === "ended") {
        twiml.say("Connecting you to the owner.");
        // Relative on purpose: Twilio resolves it against the URL of this document.
        twiml.dial(this.dialWithAction ? { action: "dial-result", timeout: 20 } : {}, OWNER_NUMBER);
      }
      xml(twiml);
    } else if (path === "/twilio/dial-result") {
      const bridged = params.DialCallStatus === "completed" || params.DialCallStatus === "answered";
      if (bridged) {
        const twiml = new twilio.twiml.VoiceResponse();
        twiml.hangup();
        xml(twiml);
      } else {
        xml(relayTwiml({ ownerUnavailable: "true" }));
      }
    } else {
      response.writeHead(path === "/twilio/status" ? 204 : 404).end();
    }
  }

  private onConnection(ws: WebSocket, signatureValid: boolean): void {
    const connection: Connection = { ws, signatureValid, frames: [], closed: once(ws, "close").then(() => undefined) };
    ws.on("close", (code) => (connection.closeCode = code));
    this.connections.push(connection);
    for (const listener of this.connectionListeners.splice(0)) listener(connection);
    ws.on("message", (data) => {
      const frame = JSON.parse(String(data)) as Record<string, unknown>;
      connection.frames.push(frame);
      if (frame.type === "prompt" && frame.last === true) this.answer(ws, String(frame.voicePrompt));
    });
  }

  private answer(ws: WebSocket, prompt: string): void {
    const send = (frame: object) => ws.send(JSON.stringify(frame));
    if (prompt === "please hang up on me") {
      ws.terminate();
    } else if (prompt === "send garbage") {
      send({ type: "speak", text: "nope" });
    } else if (prompt.startsWith("send {")) {
      // "send {json}" sends that frame as is.
      ws.send(prompt.slice("send ".length));
    } else if (prompt === "transfer me") {
      send({ type: "text", token: "Connecting you now.", last: true });
      send({ type: "end", handoffData: JSON.stringify({ reasonCode: "transfer", reason: "asked" }) });
    } else {
      const tokens = ["You", " said:", ` ${prompt}`, "."];
      for (const [index, token] of tokens.entries()) {
        setTimeout(() => send({ type: "text", token, last: index === tokens.length - 1 }), 5 * (index + 1));
      }
    }
  }
}

function relayTwiml(parameters: Record<string, string> = { business: "Acme & Sons" }): twilio.twiml.VoiceResponse {
  const response = new twilio.twiml.VoiceResponse();
  const relay = response.connect({ action: `${PUBLIC_URL}/twilio/relay-action` }).conversationRelay({
    url: RELAY_URL,
    welcomeGreeting: GREETING,
    partialPrompts: true,
    dtmfDetection: true,
    debug: "speaker-events",
  });
  for (const [name, value] of Object.entries(parameters)) relay.parameter({ name, value });
  return response;
}

const server = new FakeSecretary();
let options: SimulatorOptions;
const calls: SimulatedCall[] = [];

async function call(extra: Partial<SimulatorOptions> = {}): Promise<SimulatedCall> {
  const placed = await placeCall({ ...options, ...extra });
  calls.push(placed);
  return placed;
}

function framesOfType(connection: Connection | undefined, type: string): Record<string, unknown>[] {
  assert.ok(connection, "no relay connection");
  return connection.frames.filter((frame) => frame.type === type);
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), `timed out waiting for ${what}`);
}

async function pendingAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const pending = Symbol("pending");
  const timeout = new Promise((resolve) => setTimeout(() => resolve(pending), ms));
  return (await Promise.race([promise, timeout])) === pending;
}

/** `call.finished`, failing the test instead of hanging it when the call never ends. */
async function outcomeOf(placed: SimulatedCall): Promise<CallOutcome> {
  assert.equal(await pendingAfter(placed.finished, 2000), false, "the call is not over");
  return placed.finished;
}

function dialRequests(): HttpRecord[] {
  return server.requests.filter((request) => request.path === "/twilio/dial-result");
}

/** Asks for a transfer that the fake answers with a `<Dial action>`, and waits for the `end`. */
async function transferWithDialAction(placed: SimulatedCall): Promise<SessionEnd> {
  server.dialWithAction = true;
  placed.sendPrompt("transfer me");
  return placed.waitForEnd();
}

before(async () => {
  options = {
    serverUrl: await server.start(),
    publicUrl: PUBLIC_URL,
    authToken: AUTH_TOKEN,
    partialIntervalMs: 5,
    timeoutMs: 3000,
  };
});
beforeEach(() => server.reset());
after(async () => {
  for (const placed of calls) placed.dispose();
  await server.stop();
});

describe("placeCall", () => {
  test("signs the voice webhook like Twilio and parses the TwiML", async () => {
    const placed = await call({ from: "+15551230000", to: "+15559870000" });
    const [voice] = server.requests;
    assert.equal(voice?.path, "/twilio/voice");
    assert.equal(voice.signatureValid, true);
    assert.match(voice.params.CallSid ?? "", /^CA[0-9a-f]{32}$/);
    assert.match(voice.params.AccountSid ?? "", /^AC[0-9a-f]{32}$/);
    assert.equal(voice.params.CallSid, placed.callSid);
    assert.deepEqual(
      [voice.params.CallStatus, voice.params.Direction, voice.params.ApiVersion],
      ["ringing", "inbound", "2010-04-01"],
    );
    assert.deepEqual(
      [voice.params.From, voice.params.Caller, voice.params.To, voice.params.Called],
      ["+15551230000", "+15551230000", "+15559870000", "+15559870000"],
    );
    const relay = placed.twiml.relay;
    assert.equal(relay?.url, RELAY_URL);
    assert.equal(relay.action, `${PUBLIC_URL}/twilio/relay-action`);
    assert.equal(relay.welcomeGreeting, GREETING);
    assert.equal(relay.attributes.partialPrompts, "true");
    assert.deepEqual(relay.parameters, { business: "Acme & Sons" });
  });

  test("opens the relay with a signature over the TwiML url and sends setup first", async () => {
    const connected = server.nextConnection();
    const placed = await call();
    const connection = await connected;
    assert.equal(connection.signatureValid, true);
    await waitFor(() => connection.frames.length > 0, "setup");
    const setup = connection.frames[0];
    assert.equal(setup?.type, "setup");
    assert.match(String(setup.sessionId), /^VX[0-9a-f]{32}$/);
    assert.equal(setup.sessionId, placed.sessionId);
    assert.equal(setup.callSid, placed.callSid);
    assert.equal(setup.accountSid, placed.accountSid);
    assert.equal(setup.from, placed.from);
    assert.equal(setup.to, placed.to);
    assert.equal(setup.direction, "inbound");
    assert.equal(setup.callStatus, "RINGING");
    assert.deepEqual(setup.customParameters, { business: "Acme & Sons" });
  });

  test("rejects when the server refuses the call", async () => {
    await assert.rejects(placeCall({ ...options, authToken: "wrong-token-wrong-token" }), (error: unknown) => {
      assert.ok(error instanceof SimulatorError);
      assert.equal(error.status, 403);
      return true;
    });
  });
});

describe("talking", () => {
  test("sends cumulative partial prompts, then last:true, and assembles the streamed reply", async () => {
    const connected = server.nextConnection();
    const placed = await call();
    const connection = await connected;
    const tokens: string[] = [];
    placed.onToken((text) => tokens.push(text.token));

    const reply = await placed.say("I need an appointment", { partials: true });

    assert.equal(reply, "You said: I need an appointment.");
    assert.deepEqual(tokens, ["You", " said:", " I need an appointment", "."]);
    assert.deepEqual(
      framesOfType(connection, "prompt").map((frame) => [frame.voicePrompt, frame.last]),
      [
        ["I", false],
        ["I need", false],
        ["I need an", false],
        ["I need an appointment", false],
        ["I need an appointment", true],
      ],
    );
    const arrivals = placed.textFrames.map((text) => text.at);
    assert.deepEqual(
      arrivals,
      [...arrivals].sort((a, b) => a - b),
    );
    assert.equal(placed.textFrames.at(-1)?.last, true);
  });

  test("reports agentSpeaking on at the first token and off after last:true", async () => {
    const connected = server.nextConnection();
    const placed = await call();
    const connection = await connected;
    await placed.say("hello", { partials: false });
    await waitFor(() => framesOfType(connection, "info").length === 2, "agentSpeaking off");
    assert.deepEqual(
      connection.frames
        .filter((frame) => frame.type !== "prompt" && frame.type !== "setup")
        .map((frame) => frame.value),
      ["on", "off"],
    );
  });

  test("sends dtmf one key per frame, and interrupts with the text heard", async () => {
    const connected = server.nextConnection();
    const placed = await call();
    const connection = await connected;
    placed.dtmf("12#");
    placed.interrupt("You said", 850);
    await waitFor(() => framesOfType(connection, "interrupt").length === 1, "interrupt");
    assert.deepEqual(
      framesOfType(connection, "dtmf").map((frame) => frame.digit),
      ["1", "2", "#"],
    );
    assert.deepEqual(framesOfType(connection, "interrupt"), [
      { type: "interrupt", utteranceUntilInterrupt: "You said", durationUntilInterruptMs: 850 },
    ]);
  });

  test("answers frames Twilio does not understand with an error frame", async () => {
    const connected = server.nextConnection();
    const placed = await call();
    const connection = await connected;
    placed.sendPrompt("send garbage");
    await waitFor(() => framesOfType(connection, "error").length === 1, "error frame");
    assert.match(String(framesOfType(connection, "error")[0]?.description), /code: 64107/);
    assert.equal(placed.invalidFrames.length, 1);
  });

  test("checks each frame's fields against what Twilio accepts, and acts on the valid ones", async () => {
    const connected = server.nextConnection();
    const placed = await call();
    const connection = await connected;
    const frames = [
      { type: "text", last: true },
      { type: "sendDigits", digits: "12x" },
      { type: "play", source: "https://x.test/hold.mp3", loop: "twice" },
      { type: "text", token: "Bonjour", last: "yes" },
      { type: "language", transcriptionLanguage: "fr-FR" },
      { type: "play", source: "https://x.test/hold.mp3", loop: 2, preemptible: true },
    ];
    for (const frame of frames) placed.sendPrompt(`send ${JSON.stringify(frame)}`);
    await waitFor(() => placed.received.length === 2, "the valid frames");

    assert.deepEqual(
      placed.invalidFrames.map((frame) => frame.reason),
      ["bad text frame (token)", "bad sendDigits frame (digits)", "bad play frame (loop)", "bad text frame (last)"],
    );
    await waitFor(() => framesOfType(connection, "error").length === 4, "one error frame per invalid frame");
    assert.deepEqual(
      placed.received.map((received) => received.frame),
      frames.slice(4),
    );
    placed.sendPrompt("après");
    await waitFor(() => framesOfType(connection, "prompt").length === frames.length + 1, "the next prompt");
    assert.equal(
      framesOfType(connection, "prompt").at(-1)?.lang,
      "fr-FR",
      "the language frame switched the transcription language",
    );
  });
});

describe("call lifecycle", () => {
  test("dropConnection posts a failed session and resumes on the same CallSid", async () => {
    const firstConnection = server.nextConnection();
    const placed = await call();
    const first = await firstConnection;
    const firstSessionId = placed.sessionId;
    const secondConnection = server.nextConnection();

    const action = await placed.dropConnection();

    assert.equal(action?.status, 200);
    assert.ok(action.twiml?.relay);
    const actionRequest = server.requests.find((request) => request.path === "/twilio/relay-action");
    assert.equal(actionRequest?.signatureValid, true);
    assert.equal(actionRequest.params.SessionStatus, "failed");
    assert.equal(actionRequest.params.ErrorCode, "64105");
    assert.equal(actionRequest.params.CallStatus, "in-progress");
    assert.equal(actionRequest.params.SessionId, firstSessionId);
    assert.equal(actionRequest.params.CallSid, placed.callSid);
    await first.closed;
    assert.equal(first.closeCode, 1006);

    const second = await secondConnection;
    await waitFor(() => second.frames.length > 0, "setup on the new session");
    const setup = second.frames[0];
    assert.equal(setup?.callStatus, "IN_PROGRESS");
    assert.equal(setup.callSid, placed.callSid);
    assert.notEqual(setup.sessionId, firstSessionId);
    assert.equal(placed.sessions.length, 2);
    assert.equal(await placed.say("still there?", { partials: false }), "You said: still there?.");
  });

  test("a socket closed by the server is reported as a failed session, like Twilio does", async () => {
    const placed = await call();
    const reconnected = server.nextConnection();
    placed.sendPrompt("please hang up on me");
    await reconnected;
    await waitFor(() => placed.active, "the resumed session");
    const actionRequest = server.requests.find((request) => request.path === "/twilio/relay-action");
    assert.equal(actionRequest?.params.SessionStatus, "failed");
    assert.equal(placed.sessions[0]?.status, "failed");
  });

  test("end closes 1000, posts the action with HandoffData and exposes the answer", async () => {
    const connected = server.nextConnection();
    const placed = await call();
    const connection = await connected;

    assert.equal(await placed.say("transfer me", { partials: false }), "Connecting you now.");
    const end = await placed.waitForEnd();

    assert.deepEqual(JSON.parse(end.handoffData ?? ""), { reasonCode: "transfer", reason: "asked" });
    assert.deepEqual(
      end.action?.twiml?.verbs.map((verb) => verb.name),
      ["Say", "Dial"],
    );
    assert.equal(end.action.twiml.verbs[1]?.text, OWNER_NUMBER);
    const actionRequest = server.requests.find((request) => request.path === "/twilio/relay-action");
    assert.equal(actionRequest?.params.SessionStatus, "ended");
    assert.equal(actionRequest.params.CallStatus, "in-progress");
    assert.equal(actionRequest.params.HandoffData, end.handoffData);
    assert.match(actionRequest.params.SessionDuration ?? "", /^\d+$/);
    await connection.closed;
    assert.equal(connection.closeCode, 1000);
    assert.equal((await placed.finished).reason, "ended");
    assert.equal(placed.active, false);
    assert.equal(placed.pendingDial, undefined);
    await assert.rejects(placed.finishDial("no-answer"), SimulatorError);

    const { action, statusCallback } = await placed.hangUp();
    assert.equal(action, undefined);
    assert.equal(statusCallback.status, 204);
    assert.deepEqual(server.paths(), ["/twilio/voice", "/twilio/relay-action", "/twilio/status"]);
  });

  test("hangUp closes 1000, posts the action, then the status callback", async () => {
    const connected = server.nextConnection();
    const placed = await call();
    const connection = await connected;

    const { action, statusCallback } = await placed.hangUp({ duration: 42 });

    assert.equal(action?.status, 200);
    assert.equal(statusCallback.status, 204);
    await connection.closed;
    assert.equal(connection.closeCode, 1000);
    assert.deepEqual(server.paths(), ["/twilio/voice", "/twilio/relay-action", "/twilio/status"]);
    const [, actionRequest, status] = server.requests;
    assert.equal(actionRequest?.params.SessionStatus, "completed");
    assert.equal(actionRequest.params.CallStatus, "completed");
    assert.equal(status?.signatureValid, true);
    assert.equal(status.params.CallStatus, "completed");
    assert.equal(status.params.CallDuration, "42");
    assert.equal(status.params.SequenceNumber, "0");
    assert.match(status.params.Timestamp ?? "", /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    assert.equal((await placed.finished).reason, "completed");
    await assert.rejects(placed.nextReply(), SimulatorError);
  });

  test("postStatus sends arbitrary, signed status callbacks", async () => {
    const placed = await call();
    await placed.postStatus({ CallStatus: "completed", CallDuration: "3" });
    await placed.postStatus({ CallStatus: "ringing", SequenceNumber: "0" });
    const statuses = server.requests.filter((request) => request.path === "/twilio/status");
    assert.deepEqual(
      statuses.map((request) => [request.signatureValid, request.params.CallStatus, request.params.SequenceNumber]),
      [
        [true, "completed", "0"],
        [true, "ringing", "0"],
      ],
    );
  });
});

describe("<Dial action>", () => {
  test("an unanswered transfer posts the Dial's action and resumes on a new session", async () => {
    const firstConnection = server.nextConnection();
    const placed = await call();
    await firstConnection;

    const end = await transferWithDialAction(placed);

    assert.deepEqual(
      end.action?.twiml?.verbs.map((verb) => verb.name),
      ["Say", "Dial"],
    );
    assert.deepEqual(placed.pendingDial, {
      actionUrl: `${PUBLIC_URL}/twilio/dial-result`,
      number: OWNER_NUMBER,
      attributes: { action: "dial-result", timeout: "20" },
    });
    assert.equal(placed.outcome, undefined);
    assert.equal(await pendingAfter(placed.finished, 50), true);
    assert.equal(placed.active, false);
    assert.deepEqual(dialRequests(), []);

    const secondConnection = server.nextConnection();
    const result = await placed.finishDial("no-answer");

    assert.equal(result.status, 200);
    assert.deepEqual(result.twiml?.relay?.parameters, { ownerUnavailable: "true" });
    const [dialResult] = dialRequests();
    assert.equal(dialResult?.signatureValid, true);
    assert.equal(dialResult.params.DialCallStatus, "no-answer");
    assert.equal(dialResult.params.DialBridged, "false");
    assert.equal("DialCallDuration" in dialResult.params, false);
    assert.match(dialResult.params.DialCallSid ?? "", /^CA[0-9a-f]{32}$/);
    assert.notEqual(dialResult.params.DialCallSid, placed.callSid);
    assert.equal(dialResult.params.CallSid, placed.callSid);
    assert.equal(dialResult.params.CallStatus, "in-progress");

    const second = await secondConnection;
    assert.equal(second.signatureValid, true);
    await waitFor(() => second.frames.length > 0, "setup on the new session");
    const setup = second.frames[0];
    assert.equal(setup?.type, "setup");
    assert.deepEqual(setup.customParameters, { ownerUnavailable: "true" });
    assert.equal(setup.callStatus, "IN_PROGRESS");
    assert.equal(setup.callSid, placed.callSid);
    assert.equal(setup.sessionId, placed.sessionId);
    assert.equal(placed.sessions.length, 2);
    assert.equal(placed.pendingDial, undefined);
    assert.equal(placed.active, true);
    assert.equal(await placed.say("can I leave a message?", { partials: false }), "You said: can I leave a message?.");
    assert.deepEqual(server.paths(), ["/twilio/voice", "/twilio/relay-action", "/twilio/dial-result"]);
  });

  test("an answered transfer sends the duration and ends the call on <Hangup/>", async () => {
    const placed = await call();
    await transferWithDialAction(placed);

    const result = await placed.finishDial("completed", { duration: 42 });

    assert.deepEqual(
      result.twiml?.verbs.map((verb) => verb.name),
      ["Hangup"],
    );
    const [dialResult] = dialRequests();
    assert.equal(dialResult?.signatureValid, true);
    assert.equal(dialResult.params.DialCallStatus, "completed");
    assert.equal(dialResult.params.DialBridged, "true");
    assert.equal(dialResult.params.DialCallDuration, "42");
    const outcome = await outcomeOf(placed);
    assert.equal(outcome.reason, "completed");
    assert.equal(outcome.action, result);
    assert.equal(placed.sessions.length, 1);
    assert.equal(server.connections.length, 1);
    await assert.rejects(placed.say("hello?"), SimulatorError);
    await assert.rejects(placed.finishDial("completed"), SimulatorError);
  });

  test("hanging up during the Dial sends no action, only the status callback", async () => {
    const placed = await call();
    await transferWithDialAction(placed);

    const { action, statusCallback } = await placed.hangUp({ duration: 7 });

    assert.equal(action, undefined);
    assert.equal(statusCallback.status, 204);
    assert.deepEqual(server.paths(), ["/twilio/voice", "/twilio/relay-action", "/twilio/status"]);
    assert.equal((await outcomeOf(placed)).reason, "completed");
    assert.equal(placed.pendingDial, undefined);
    await assert.rejects(placed.finishDial("no-answer"), SimulatorError);
  });

  test("finishDial rejects when no Dial is pending", async () => {
    const placed = await call();
    await assert.rejects(placed.finishDial("no-answer"), (error: unknown) => {
      assert.ok(error instanceof SimulatorError);
      assert.match(error.message, /no <Dial action> is pending/);
      return true;
    });
    assert.equal(placed.active, true);
    assert.deepEqual(server.paths(), ["/twilio/voice"]);
  });
});

describe("answered before any relay session", () => {
  test("<Reject> leaves the call unanswered and reports it busy (or no-answer) to the status callback", async () => {
    for (const [reason, status] of [
      ["busy", "busy"],
      ["rejected", "no-answer"],
    ] as const) {
      server.reset();
      server.rejectWith = reason;
      const heard: string[] = [];
      const placed = await call({ onEvent: (event) => heard.push(event.type) });
      assert.equal(placed.outcome?.reason, "rejected");
      assert.equal(placed.outcome?.sessionId, undefined);
      assert.deepEqual(heard, ["rejected"], "no <Say> after <Reject>");
      assert.deepEqual(server.paths(), ["/twilio/voice", "/twilio/status"]);
      const callback = server.requests[1];
      assert.equal(callback?.signatureValid, true);
      assert.equal(callback.params.CallStatus, status);
      assert.equal(placed.outcome?.statusCallback?.status, 204);
      assert.equal(server.connections.length, 0);
      await assert.rejects(placed.hangUp(), SimulatorError);
      assert.equal((await outcomeOf(placed)).reason, "rejected");
    }
  });

  test("a <Dial action> before any session waits for finishDial; unanswered, the relay opens on the same call", async () => {
    server.dialFirst = true;
    const placed = await call();
    assert.deepEqual(
      placed.voiceAnswer?.twiml?.verbs.map((verb) => verb.name),
      ["Say", "Dial"],
    );
    assert.equal(placed.pendingDial?.number, OWNER_NUMBER);
    assert.equal(placed.pendingDial?.actionUrl, `${PUBLIC_URL}/twilio/dial-result`);
    assert.equal(placed.sessions.length, 0);
    assert.equal(placed.active, false);

    const connected = server.nextConnection();
    await placed.finishDial("no-answer");
    const connection = await connected;
    await waitFor(() => connection.frames.length > 0, "setup");
    assert.equal(connection.frames[0]?.callStatus, "IN_PROGRESS", "the call was picked up for the <Say>");
    assert.equal(placed.sessions.length, 1);
    assert.equal(await placed.say("hello", { partials: false }), "You said: hello.");
  });

  test("a <Dial action> before any session, answered, ends the call without a session", async () => {
    server.dialFirst = true;
    const placed = await call();
    await placed.finishDial("completed", { duration: 30 });
    const outcome = await outcomeOf(placed);
    assert.equal(outcome.reason, "completed");
    assert.equal(outcome.sessionId, undefined);
    const { statusCallback } = await placed.hangUp({ duration: 31 });
    assert.equal(statusCallback.status, 204);
    assert.deepEqual(server.paths(), ["/twilio/voice", "/twilio/dial-result", "/twilio/status"]);
  });
});

describe("the leg of the person a <Dial> rings", () => {
  const whisperRequests = () => server.requests.filter((request) => request.path.startsWith("/twilio/whisper"));

  test("pickUp runs the <Number url> on their leg, signed: they hear it, press 1 in its <Gather>, and are put through", async () => {
    server.dialFirst = true;
    server.whisperAt = "whisper?attempt=0&briefing=Jane+Doe";
    const placed = await call();
    assert.equal(placed.pendingDial?.whisperUrl, `${PUBLIC_URL}/twilio/whisper?attempt=0&briefing=Jane+Doe`);
    await assert.rejects(placed.finishDial("completed"), /pickUp\(\) plays the leg of the person rung/);

    const leg = await placed.pickUp({ press: "1" });
    assert.deepEqual(leg, {
      number: OWNER_NUMBER,
      heard: ["A call for Acme.", "Press 1 to take it."],
      pressed: "1",
      bridged: true,
    });
    const [whisper, key] = whisperRequests();
    assert.equal(whisper?.signatureValid, true);
    assert.equal(whisper.params.ParentCallSid, placed.callSid, "their own leg, placed by the caller's call");
    assert.notEqual(whisper.params.CallSid, placed.callSid);
    assert.equal(whisper.params.Direction, "outbound-dial");
    assert.equal(whisper.params.To, OWNER_NUMBER);
    assert.equal(whisper.params.Digits, undefined);
    assert.equal(key?.signatureValid, true);
    assert.deepEqual([key.params.Digits, key.params.CallSid], ["1", whisper.params.CallSid]);
    assert.equal(dialRequests().length, 0, "put through: the Dial goes on until someone hangs up");

    await assert.rejects(placed.finishDial("no-answer"), /put through already/);
    await placed.finishDial("completed", { duration: 12 });
    const [dialResult] = dialRequests();
    assert.deepEqual(
      [dialResult?.params.DialCallStatus, dialResult?.params.DialBridged, dialResult?.params.DialCallDuration],
      ["completed", "true", "12"],
    );
  });

  test("no key (a voicemail): the whisper hangs their leg up, and the Dial's action reports it not answered at once", async () => {
    server.dialFirst = true;
    server.whisperAt = "whisper?attempt=0";
    const placed = await call();
    const leg = await placed.pickUp();
    assert.equal(leg.bridged, false);
    assert.equal(leg.pressed, undefined);
    assert.deepEqual(leg.heard, ["A call for Acme.", "Press 1 to take it."]);
    assert.deepEqual(
      whisperRequests().map((request) => request.path),
      ["/twilio/whisper?attempt=0"],
    );
    const [dialResult] = dialRequests();
    assert.deepEqual([dialResult?.params.DialCallStatus, dialResult?.params.DialBridged], ["no-answer", "false"]);
    assert.equal(leg.action?.twiml?.relay?.parameters.ownerUnavailable, "true");
    await placed.connected();
    assert.equal(placed.sessions.length, 1, "back to a relay session");
  });

  test("a URL's query is signed sorted by name, as Twilio signs it: one written in another order fails", async () => {
    server.dialFirst = true;
    server.whisperAt = "whisper?briefing=Jane&attempt=0";
    const placed = await call();
    await assert.rejects(placed.pickUp({ press: "1" }), /answered HTTP 403/);
    assert.equal(whisperRequests()[0]?.signatureValid, false);
  });
});

describe("<Pause> and <Redirect>", () => {
  test("a <Pause> before the call is picked up rings on; the <Redirect> is signed and sent without its fragment", async () => {
    // Relative, as TwiML may write it: Twilio resolves it against the URL of the document.
    server.parkAt = "parked#ct=1000&rc=2&rp=ct,rt&tt=5000";
    const started = performance.now();
    const placed = await call();
    assert.ok(performance.now() - started >= 1000, "the pause lasted its second");
    assert.deepEqual(
      placed.events.map((event) => event.type),
      ["pause", "redirect", "session-opened"],
    );
    assert.deepEqual(placed.events[0], { ...placed.events[0], seconds: 1, ringing: true });
    assert.deepEqual(placed.events[1], {
      ...placed.events[1],
      url: `${PUBLIC_URL}/twilio/parked#ct=1000&rc=2&rp=ct,rt&tt=5000`,
      attempts: 1,
    });
    const [voice, parked] = server.requests;
    assert.equal(parked?.path, "/twilio/parked");
    assert.equal(parked?.signatureValid, true, "signed on the URL without the fragment");
    assert.equal(parked?.params.CallSid, voice?.params.CallSid);
    assert.equal(parked?.params.CallStatus, "in-progress");
    assert.equal(placed.sessions[0]?.callStatus, "IN_PROGRESS", "picked up once the pause was over");
    await placed.hangUp();
  });

  test("a redirect whose connection breaks is sent again, as many times as its connection overrides allow", async () => {
    server.parkAt = `${PUBLIC_URL}/twilio/parked#rc=2&rp=rt`;
    server.parkedResets = 2;
    const placed = await call();
    assert.deepEqual(placed.events[1], { ...placed.events[1], attempts: 3 });
    assert.deepEqual(server.paths(), ["/twilio/voice", "/twilio/parked", "/twilio/parked", "/twilio/parked"]);
    await placed.hangUp();
  });

  test("with no retry left, or none for that failure, the redirect fails as Twilio's would", async () => {
    server.parkAt = `${PUBLIC_URL}/twilio/parked#rc=3&rp=ct`;
    server.parkedResets = 1;
    await assert.rejects(call(), /fetch failed/);
    assert.deepEqual(server.paths(), ["/twilio/voice", "/twilio/parked"]);
  });

  test("connection overrides Twilio would refuse are refused", async () => {
    server.parkAt = `${PUBLIC_URL}/twilio/parked#rc=9`;
    await assert.rejects(call(), /connection override rc=9 .*: Twilio takes 0–5/);
  });
});

describe("bad signatures", () => {
  test("signedPost can send a wrong or missing signature", async () => {
    const params = { CallSid: `CA${"0".repeat(32)}`, CallStatus: "completed" };
    assert.equal((await signedPost(options, "/twilio/status", params)).status, 204);
    assert.equal((await signedPost(options, "/twilio/status", params, { signature: "bm9wZQ==" })).status, 403);
    assert.equal((await signedPost(options, "/twilio/status", params, { signature: null })).status, 403);
    assert.deepEqual(
      server.requests.map((request) => request.signatureValid),
      [true, false, false],
    );
  });

  test("openRelaySocket reports a refused upgrade with its HTTP status", async () => {
    for (const signature of ["bm9wZQ==", null]) {
      await assert.rejects(openRelaySocket(options, RELAY_URL, { signature }), (error: unknown) => {
        assert.ok(error instanceof SimulatorError);
        assert.equal(error.status, 403);
        return true;
      });
    }
    const ws = await openRelaySocket(options, RELAY_URL);
    ws.close(1000);
    await once(ws, "close");
  });
});

describe("parseTwiml", () => {
  test("decodes entities, CDATA, comments and single quotes", () => {
    const parsed = parseTwiml(
      `<?xml version="1.0" encoding="UTF-8"?><!-- hi --><Response><Say voice='alice'>Tom &amp; Jerry&#39;s &lt;shop&gt;</Say>` +
        `<Connect action="https://x.test/a?b=1&amp;c=2"><ConversationRelay url="wss://x.test/r" welcomeGreeting="&quot;Hi&quot; &apos;there&apos; a > b">` +
        `<Language code="es-ES" ttsProvider="Google"/><Parameter name="k" value="v&amp;w"/></ConversationRelay></Connect><Play><![CDATA[https://x.test/a.mp3?x=1&y=2]]></Play><Hangup/></Response>`,
    );
    assert.deepEqual(
      parsed.verbs.map((verb) => verb.name),
      ["Say", "Connect", "Play", "Hangup"],
    );
    assert.equal(parsed.verbs[0]?.text, "Tom & Jerry's <shop>");
    assert.equal(parsed.verbs[0]?.attributes.voice, "alice");
    assert.equal(parsed.verbs[2]?.text, "https://x.test/a.mp3?x=1&y=2");
    assert.deepEqual(parsed.relay, {
      url: "wss://x.test/r",
      action: "https://x.test/a?b=1&c=2",
      welcomeGreeting: `"Hi" 'there' a > b`,
      attributes: { url: "wss://x.test/r", welcomeGreeting: `"Hi" 'there' a > b` },
      parameters: { k: "v&w" },
      languages: [{ code: "es-ES", ttsProvider: "Google" }],
    });
  });

  test("rejects what is not TwiML", () => {
    assert.throws(() => parseTwiml("<Response><Say>hi</Response>"), SimulatorError);
    assert.throws(() => parseTwiml("<Reply/>"), SimulatorError);
    assert.throws(() => parseTwiml("OK"), SimulatorError);
  });
});
