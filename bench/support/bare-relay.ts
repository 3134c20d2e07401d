// The floor `npm run bench:calls -- --server floor` measures the secretary against: the least a
// ConversationRelay server can do for a turn, run as its own process like the secretary and driven
// by the same simulated callers. Plain node:http and ws: no database, no Anthropic SDK, no logging,
// no history. Per final prompt it makes one streaming request to Claude over a kept-alive agent and
// forwards each text delta as a `text` frame, as the secretary does on the wire, so the wire
// capture decodes the same four packets of a turn. What the secretary does on top of this (the call
// log, the prompt, the SDK, the checks) is what the ratios of the two price.
//
// Environment: PORT, PUBLIC_URL (default http://localhost:PORT), TWILIO_AUTH_TOKEN,
// ANTHROPIC_BASE_URL, ANTHROPIC_API_KEY.
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type WebSocket from "ws";
import { WebSocketServer } from "ws";
import { twilioRoutes } from "../../src/twilio/routes.js";

const port = Number(process.env.PORT ?? 3000);
const publicUrl = (process.env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, "");
const publicWsUrl = publicUrl.replace(/^http/, "ws");
const authToken = required("TWILIO_AUTH_TOKEN");
const messagesUrl = new URL("/v1/messages", required("ANTHROPIC_BASE_URL"));
const apiKey = required("ANTHROPIC_API_KEY");

// As the secretary's keep-alive-fetch: connections reused most-recently-first.
const agent = new http.Agent({ keepAlive: true, scheduling: "lifo", timeout: 60_000 });
// Twilio's frames are small; the bound is the socket limit any relay needs.
const MAX_FRAME_BYTES = 64 * 1024;
const CALL_SID = /^CA[0-9a-f]{32}$/;
const MAX_FORM_BYTES = 16 * 1024;

const webSockets = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: MAX_FRAME_BYTES });

const server = http.createServer((request, response) => {
  const path = request.url ?? "/";
  if (request.method === "GET" && path === "/readyz") {
    response.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok","database":"none"}');
    return;
  }
  if (request.method !== "POST") {
    response.writeHead(404).end();
    return;
  }
  readForm(request)
    .then((params) => {
      if (!signedByTwilio(request.headers["x-twilio-signature"], `${publicUrl}${path}`, params)) {
        response.writeHead(403).end();
        return;
      }
      if (path === twilioRoutes.voice) voiceAnswer(params, response);
      else if (path === twilioRoutes.relayAction) twiml(response, "<Response/>");
      else if (path === twilioRoutes.status) response.writeHead(204).end();
      else response.writeHead(404).end();
    })
    .catch(() => response.writeHead(400).end());
});

server.on("upgrade", (request, socket, head) => {
  const path = request.url ?? "/";
  if (
    !path.startsWith(`${twilioRoutes.relay}/`) ||
    !signedByTwilio(request.headers["x-twilio-signature"], `${publicWsUrl}${path}`, {})
  ) {
    socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  webSockets.handleUpgrade(request, socket, head, relay);
});

/** `<Connect action><ConversationRelay>` with the attributes that change what Twilio sends (speaker events). */
function voiceAnswer(params: Record<string, string>, response: http.ServerResponse): void {
  const callSid = params.CallSid ?? "";
  if (!CALL_SID.test(callSid)) {
    response.writeHead(400).end();
    return;
  }
  twiml(
    response,
    `<Response><Connect action="${publicUrl}${twilioRoutes.relayAction}">` +
      `<ConversationRelay url="${publicWsUrl}${twilioRoutes.relay}/${callSid}" welcomeGreeting="Hello, how can I help?" ` +
      `interruptible="any" dtmfDetection="true" debug="speaker-events"/></Connect></Response>`,
  );
}

/** One call: each final prompt gets one streamed reply; a new prompt or an interrupt cuts the one under way. */
function relay(socket: WebSocket): void {
  let reply: http.ClientRequest | undefined;
  const cut = () => {
    reply?.destroy();
    reply = undefined;
  };
  socket.on("message", (data, isBinary) => {
    if (isBinary) return;
    let frame: { type?: unknown; voicePrompt?: unknown; last?: unknown };
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (frame.type === "interrupt") cut();
    if (frame.type !== "prompt" || frame.last === false || typeof frame.voicePrompt !== "string") return;
    cut();
    reply = streamReply(frame.voicePrompt, socket);
  });
  socket.on("close", cut);
  socket.on("error", cut);
}

/** POSTs the caller's words to Claude, streamed; each text delta goes out as a token, then `last: true`. */
function streamReply(prompt: string, socket: WebSocket): http.ClientRequest {
  const body = JSON.stringify({
    model: "claude-haiku-4-5",
    max_tokens: 300,
    stream: true,
    messages: [{ role: "user", content: prompt }],
  });
  const send = (token: string, last: boolean) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: "text", token, last }));
  };
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    send("", true);
  };
  const request = http.request(
    messagesUrl,
    {
      method: "POST",
      agent,
      headers: {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
        "x-api-key": apiKey,
        "anthropic-version": "2023-06-01",
      },
    },
    (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        response.on("end", end);
        return;
      }
      response.setEncoding("utf8");
      let pending = "";
      response.on("data", (chunk: string) => {
        pending += chunk;
        for (let gap = pending.indexOf("\n\n"); gap >= 0; gap = pending.indexOf("\n\n")) {
          const event = pending.slice(0, gap);
          pending = pending.slice(gap + 2);
          if (event.startsWith("event: content_block_delta")) {
            const data = JSON.parse(event.slice(event.indexOf("data: ") + 6)) as { delta?: { text?: unknown } };
            if (typeof data.delta?.text === "string") send(data.delta.text, false);
          } else if (event.startsWith("event: message_stop")) {
            end();
          }
        }
      });
      response.on("end", end);
    },
  );
  // A reply cut short (a new prompt, an interrupt, a hang-up) is destroyed: nothing more to say.
  request.on("error", () => undefined);
  request.end(body);
  return request;
}

function twiml(response: http.ServerResponse, body: string): void {
  response.writeHead(200, { "content-type": "text/xml" }).end(`<?xml version="1.0" encoding="UTF-8"?>${body}`);
}

/**
 * Twilio's request signature: HMAC-SHA1 with the auth token over the URL it was given, followed by
 * every form parameter's name and value in name order, in base64. Checked as any relay must; it
 * costs nothing on a turn (only webhooks and the socket's upgrade are signed).
 */
function signedByTwilio(
  signature: string | string[] | undefined,
  url: string,
  params: Record<string, string>,
): boolean {
  if (typeof signature !== "string") return false;
  const hmac = createHmac("sha1", authToken).update(url);
  for (const name of Object.keys(params).sort()) hmac.update(name + params[name]);
  const expected = hmac.digest();
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function readForm(request: http.IncomingMessage): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    request.on("data", (part: Buffer) => {
      size += part.length;
      if (size > MAX_FORM_BYTES) request.destroy(new Error("form too large"));
      else parts.push(part);
    });
    request.on("end", () => resolve(Object.fromEntries(new URLSearchParams(Buffer.concat(parts).toString("utf8")))));
    request.on("error", reject);
  });
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`the bare relay needs ${name}`);
  return value;
}

// process.exit, not the default death by signal: a V8 CPU profile (--cpu-prof) is written on exit.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(0));
server.listen(port, "127.0.0.1");
