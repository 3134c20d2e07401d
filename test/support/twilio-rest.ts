// A local stand-in for Twilio's REST API, as much of it as sending a text message and handling
// recordings take: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` (form-encoded),
// `GET …/Recordings/{Sid}.mp3` (the audio, byte ranges too) and `DELETE …/Recordings/{Sid}.json`,
// each with HTTP Basic auth (AccountSid:AuthToken). It answers as Twilio does (201 and the message
// resource, 204 for a deletion; errors as Twilio's JSON error body), so the real `twilio` SDK is
// used unchanged, pointed here through its own request-client option.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedMessage {
  accountSid: string;
  to: string;
  from: string;
  body: string;
  sid: string;
}

/** An error Twilio answers with: its HTTP status, its error code and message. */
export interface TwilioRestError {
  status: number;
  code: number;
  message: string;
}

export interface TwilioRest {
  url: string;
  /** Every message taken (201), in order. */
  messages: ReceivedMessage[];
  /** Requests refused, with why (bad auth, a missing field, a scripted error). */
  refused: { path: string; status: number; code: number }[];
  /** The next message is refused with this error instead of taken. */
  refuseNext(error: TwilioRestError): void;
  /** Recordings Twilio holds, by SID: their MP3 audio. */
  recordings: Map<string, Buffer>;
  /** Recordings deleted (204), in order. */
  deletedRecordings: string[];
  /** Every request for a recording's audio: its SID and Range header. */
  audioRequests: { recordingSid: string; range: string | undefined }[];
  /** Stops listening, as a Twilio that cannot be reached: connections are refused. */
  goDown(): Promise<void>;
  /** Listens again, on the same port. */
  comeBack(): Promise<void>;
  close(): Promise<void>;
}

/** Twilio's error for a recipient who replied STOP to the sending number. */
export const UNSUBSCRIBED_RECIPIENT: TwilioRestError = {
  status: 400,
  code: 21610,
  message: "Attempt to send to unsubscribed recipient",
};

const E164 = /^\+[1-9]\d{6,14}$/;

export async function startTwilioRest(credentials: { accountSid: string; authToken: string }): Promise<TwilioRest> {
  const messages: ReceivedMessage[] = [];
  const refused: TwilioRest["refused"] = [];
  const scripted: TwilioRestError[] = [];
  const recordings = new Map<string, Buffer>();
  const deletedRecordings: string[] = [];
  const audioRequests: TwilioRest["audioRequests"] = [];

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { message: String(error) });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? "/", "http://twilio").pathname;
    const form = new URLSearchParams(await readBody(request));
    const refuse = (error: TwilioRestError) => {
      refused.push({ path, status: error.status, code: error.code });
      sendError(response, error);
    };
    const recording = /^\/2010-04-01\/Accounts\/([^/]+)\/Recordings\/([^/.]+)\.(mp3|json)$/.exec(path);
    if (recording) return handleRecording(request, response, recording, refuse);
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
    if (request.method !== "POST" || !match)
      return refuse({ status: 404, code: 20404, message: `The requested resource ${path} was not found` });
    const authorized = basicAuth(request.headers.authorization);
    if (authorized?.user !== credentials.accountSid || authorized.password !== credentials.authToken)
      return refuse({ status: 401, code: 20003, message: "Authenticate" });
    if (match[1] !== credentials.accountSid)
      return refuse({ status: 404, code: 20404, message: `The requested resource ${path} was not found` });
    if (request.headers["content-type"]?.split(";")[0] !== "application/x-www-form-urlencoded")
      return refuse({ status: 400, code: 20001, message: "The request must be form-encoded" });
    const to = form.get("To");
    const from = form.get("From");
    const body = form.get("Body");
    if (!to) return refuse({ status: 400, code: 21604, message: "A 'To' phone number is required." });
    if (!E164.test(to)) return refuse({ status: 400, code: 21211, message: `The 'To' number ${to} is not valid.` });
    if (!from || !E164.test(from))
      return refuse({ status: 400, code: 21212, message: `The 'From' number ${from ?? ""} is not valid.` });
    if (!body) return refuse({ status: 400, code: 21602, message: "Message body is required." });
    if (body.length > 1600)
      return refuse({
        status: 400,
        code: 21617,
        message: "The concatenated message body exceeds the 1600 character limit.",
      });
    const error = scripted.shift();
    if (error) return refuse(error);

    const sid = `SM${randomBytes(16).toString("hex")}`;
    messages.push({ accountSid: credentials.accountSid, to, from, body, sid });
    const now = new Date().toUTCString().replace("GMT", "+0000");
    sendJson(response, 201, {
      account_sid: credentials.accountSid,
      api_version: "2010-04-01",
      body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: "outbound-api",
      error_code: null,
      error_message: null,
      from,
      messaging_service_sid: null,
      num_media: "0",
      num_segments: String(Math.ceil(body.length / 153)),
      price: null,
      price_unit: "USD",
      sid,
      status: "queued",
      subresource_uris: { media: `/2010-04-01/Accounts/${credentials.accountSid}/Messages/${sid}/Media.json` },
      to,
      uri: `/2010-04-01/Accounts/${credentials.accountSid}/Messages/${sid}.json`,
    });
  }

  /** `GET {Sid}.mp3`: the audio (a single byte range when asked); `DELETE {Sid}.json`: gone for good. */
  function handleRecording(
    request: IncomingMessage,
    response: ServerResponse,
    [, account, recordingSid = "", extension]: RegExpExecArray,
    refuse: (error: TwilioRestError) => void,
  ) {
    const path = new URL(request.url ?? "/", "http://twilio").pathname;
    const notFound = { status: 404, code: 20404, message: `The requested resource ${path} was not found` };
    const authorized = basicAuth(request.headers.authorization);
    if (authorized?.user !== credentials.accountSid || authorized.password !== credentials.authToken)
      return refuse({ status: 401, code: 20003, message: "Authenticate" });
    if (account !== credentials.accountSid) return refuse(notFound);
    const audio = recordings.get(recordingSid);
    if (request.method === "DELETE" && extension === "json") {
      if (!audio) return refuse(notFound);
      recordings.delete(recordingSid);
      deletedRecordings.push(recordingSid);
      response.writeHead(204).end();
      return;
    }
    if (request.method !== "GET" || extension !== "mp3") return refuse(notFound);
    audioRequests.push({ recordingSid, range: request.headers.range });
    if (!audio) return refuse(notFound);
    const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? "");
    if (!range) {
      response.writeHead(200, {
        "content-type": "audio/mpeg",
        "content-length": audio.length,
        "accept-ranges": "bytes",
      });
      response.end(audio);
      return;
    }
    const start = Number(range[1]);
    const end = Math.min(range[2] ? Number(range[2]) : audio.length - 1, audio.length - 1);
    if (start > end) {
      response.writeHead(416, { "content-range": `bytes */${audio.length}` }).end();
      return;
    }
    response.writeHead(206, {
      "content-type": "audio/mpeg",
      "content-length": end - start + 1,
      "content-range": `bytes ${start}-${end}/${audio.length}`,
      "accept-ranges": "bytes",
    });
    response.end(audio.subarray(start, end + 1));
  }

  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await listen(0);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    refused,
    refuseNext: (error) => void scripted.push(error),
    recordings,
    deletedRecordings,
    audioRequests,
    goDown: stop,
    comeBack: () => listen(port),
    close: () => (server.listening ? stop() : Promise.resolve()),
  };
}

function basicAuth(header: string | undefined): { user: string; password: string } | undefined {
  if (!header?.startsWith("Basic ")) return undefined;
  const decoded = Buffer.from(header.slice("Basic ".length), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function sendError(response: ServerResponse, error: TwilioRestError): void {
  sendJson(response, error.status, {
    code: error.code,
    message: error.message,
    more_info: `https://www.twilio.com/docs/errors/${error.code}`,
    status: error.status,
  });
}

function sendJson(response: ServerResponse, status: number, payload: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(payload));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}
