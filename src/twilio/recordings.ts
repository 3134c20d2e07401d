import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { RecordingArchive } from "../calls/recording-deletions.js";
import { sendError } from "../http/responses.js";
import type { Logger } from "../logger.js";
import { loadTwilioRest, TWILIO_REST_ORIGIN, type TwilioRest, type TwilioRestOptions } from "./rest-client.js";

/** Where the owner listens to a call's recording: `/recordings/{the call's ID}`, as the API gives it. */
export const RECORDINGS_PATH = "/recordings/";

// Twilio starts sending a recording's audio at once; a media request this slow is as good as down.
const MEDIA_TIMEOUT_MS = 15_000;
// A single byte range ("bytes=0-", "bytes=100-199", "bytes=-500"): what players ask for when seeking.
const SIMPLE_RANGE = /^bytes=(\d+-\d*|-\d+)$/;
// What of Twilio's answer the owner gets: the audio and how to seek in it, nothing that names Twilio.
const PASSED_HEADERS = ["content-type", "content-length", "content-range", "accept-ranges"] as const;

/**
 * The recordings at Twilio (Recordings API, with the account's credentials): their audio, fetched
 * for the owner, and their deletion.
 */
export class TwilioRecordings implements RecordingArchive {
  private rest: Promise<TwilioRest> | undefined;
  private readonly baseUrl: string;
  private readonly authorization: string;

  constructor(private readonly options: TwilioRestOptions) {
    this.baseUrl = (options.restBaseUrl ?? TWILIO_REST_ORIGIN).replace(/\/+$/, "");
    this.authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString("base64")}`;
  }

  async delete(recordingSid: string): Promise<void> {
    this.rest ??= loadTwilioRest(this.options);
    const { client, RestException } = await this.rest;
    try {
      await client.recordings(recordingSid).remove();
    } catch (error) {
      // Already gone is what was asked for.
      if (error instanceof RestException && error.status === 404) return;
      if (error instanceof RestException) throw new Error(`Twilio refused: ${error.status} ${error.message}`);
      throw new Error("Twilio could not be reached", { cause: error });
    }
  }

  /**
   * The recording's audio as MP3 (`GET …/Recordings/{Sid}.mp3`), a byte range of it if asked. The
   * SDK reads JSON only, so this is fetched directly, with the same credentials.
   */
  audio(recordingSid: string, range: string | undefined): Promise<Response> {
    const url = `${this.baseUrl}/2010-04-01/Accounts/${this.options.accountSid}/Recordings/${recordingSid}.mp3`;
    return fetch(url, {
      headers: { authorization: this.authorization, ...(range && { range }) },
      signal: AbortSignal.timeout(MEDIA_TIMEOUT_MS),
    });
  }
}

export interface RecordingAudioDeps {
  /** The request carries the API token or a dashboard session (an `<audio>` element sends the cookie), as the GraphQL API checks them. */
  authorized(request: IncomingMessage): Promise<boolean>;
  /** The recording of the call a path names (its ID as the API gives it); undefined: none to hear. */
  recordingOf(callId: string): Promise<string | undefined>;
  /** Undefined without TWILIO_ACCOUNT_SID: no call is recorded then. */
  recordings: TwilioRecordings | undefined;
  logger: Logger;
}

/**
 * `GET /recordings/{callId}`: the call's recording, streamed from Twilio through this server, so
 * that the owner needs only the API token and never sees Twilio's URL or credentials.
 */
export async function serveRecordingAudio(
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
  deps: RecordingAudioDeps,
): Promise<void> {
  if (request.method !== "GET" && request.method !== "HEAD") return sendError(response, 405, "use GET");
  if (!(await deps.authorized(request))) {
    response.setHeader("www-authenticate", 'Bearer realm="phone-secretary"');
    return sendError(response, 401, "missing or invalid API token");
  }
  const callId = decodedSegment(pathname.slice(RECORDINGS_PATH.length));
  const recordingSid = callId ? await deps.recordingOf(callId) : undefined;
  if (!recordingSid || !deps.recordings) return sendError(response, 404, "this call has no recording");
  const range = request.headers.range;
  let upstream: Response;
  try {
    upstream = await deps.recordings.audio(recordingSid, range && SIMPLE_RANGE.test(range) ? range : undefined);
  } catch (error) {
    deps.logger.warn({ err: error, recordingSid }, "could not reach Twilio for a recording's audio");
    return sendError(response, 502, "the recording could not be fetched from Twilio");
  }
  if (upstream.status === 404) {
    await upstream.body?.cancel();
    return sendError(response, 404, "this call has no recording");
  }
  if (upstream.status !== 200 && upstream.status !== 206 && upstream.status !== 416) {
    await upstream.body?.cancel();
    deps.logger.warn({ recordingSid, status: upstream.status }, "Twilio refused a recording's audio");
    return sendError(response, 502, "the recording could not be fetched from Twilio");
  }
  const headers: Record<string, string> = { "cache-control": "private, no-store" };
  for (const name of PASSED_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) headers[name] = value;
  }
  response.writeHead(upstream.status, headers);
  if (request.method === "HEAD" || !upstream.body) {
    await upstream.body?.cancel();
    response.end();
    return;
  }
  try {
    await pipeline(Readable.fromWeb(upstream.body as WebReadableStream), response);
  } catch (error) {
    // The owner's player going away mid-stream (a seek, a closed tab) is no failure of ours.
    if (response.destroyed || request.destroyed) return;
    throw error;
  }
}

/** A path segment as it was before URL-encoding; undefined for one that is not valid encoding. */
function decodedSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
