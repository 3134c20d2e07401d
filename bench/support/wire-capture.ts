// `npm run bench:calls -- --wire`: each turn timed on the loopback interface instead of in the
// simulated callers and the fake Claude. Their own stamps are late whenever their event loops are
// busy, and that lateness is counted as the secretary's; the kernel stamps a packet when the sending
// process writes it, so the four moments below are what the secretary actually saw and did.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";

/** One caller turn on the wire, in ms from the first captured packet. */
export interface WireTurn {
  /** The caller's `prompt` frame (last: true) has fully reached the secretary. */
  promptAt?: number;
  /** The secretary's streamed request to Claude for it has been fully sent. */
  requestAt?: number;
  /** Claude's first text delta has reached the secretary. */
  firstDeltaAt?: number;
  /** The secretary's first non-empty `text` frame has been sent to the caller. */
  firstTokenAt?: number;
}

export interface WireTimings {
  /** Keyed by what the caller said, as the bench's own samples are. */
  turns: Map<string, WireTurn>;
  packets: number;
  /** Packets the kernel dropped before tcpdump read them: turns they belonged to may be missing. */
  droppedByKernel: number | undefined;
  /** Connections whose byte stream had a gap, and so were not decoded past it. */
  brokenStreams: number;
}

const START_TIMEOUT_MS = 5000;
// libpcap hands captured packets to tcpdump in blocks, at the latest after tcpdump's 1 s timeout;
// packets still in an unfinished block when tcpdump is interrupted would be missing from the file.
const FLUSH_WAIT_MS = 1500;
const DELTA_EVENT = "event: content_block_delta";

export interface Capture {
  /** Ends the capture; safe to call more than once. */
  stop(): Promise<void>;
  /** Decodes what was captured (after stop). */
  timings(): WireTimings;
}

/**
 * Starts tcpdump on `lo` for the given TCP ports; resolves once it is capturing. Needs tcpdump and
 * the right to capture (root, or CAP_NET_RAW on tcpdump); rejects saying which is missing.
 */
export async function startCapture(file: string, ports: { secretary: number; claude: number }): Promise<Capture> {
  const filter = `tcp port ${ports.secretary} or tcp port ${ports.claude}`;
  // -B: 64 MB of kernel buffer, so a burst of streamed tokens is not dropped; -s 0: whole packets.
  const tcpdump = spawn("tcpdump", ["-i", "lo", "-n", "-s", "0", "-B", "65536", "-w", file, filter], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  tcpdump.stderr.setEncoding("utf8");
  tcpdump.stderr.on("data", (chunk: string) => (stderr += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`tcpdump did not start capturing within ${START_TIMEOUT_MS / 1000} s: ${stderr.trim()}`)),
      START_TIMEOUT_MS,
    );
    const onData = () => {
      if (!stderr.includes("listening on")) return;
      cleanup();
      resolve();
    };
    const onError = (error: NodeJS.ErrnoException) =>
      fail(error.code === "ENOENT" ? new Error("--wire needs tcpdump (Debian: apt-get install tcpdump)") : error);
    const onExit = () =>
      fail(
        new Error(
          `tcpdump could not capture on lo${/permitted|permission/i.test(stderr) ? " (run the bench as root, or give tcpdump CAP_NET_RAW)" : ""}: ${stderr.trim()}`,
        ),
      );
    const fail = (error: Error) => {
      cleanup();
      tcpdump.kill("SIGKILL");
      reject(error);
    };
    const cleanup = () => {
      clearTimeout(timer);
      tcpdump.stderr.off("data", onData);
      tcpdump.off("error", onError);
      tcpdump.off("exit", onExit);
    };
    tcpdump.stderr.on("data", onData);
    tcpdump.once("error", onError);
    tcpdump.once("exit", onExit);
  });
  return {
    stop: () => stopTcpdump(tcpdump),
    timings() {
      const dropped = /(\d+) packets? dropped by kernel/.exec(stderr);
      return { ...readTurns(readFileSync(file), ports), droppedByKernel: dropped ? Number(dropped[1]) : undefined };
    },
  };
}

async function stopTcpdump(tcpdump: ChildProcess): Promise<void> {
  if (tcpdump.exitCode !== null || tcpdump.signalCode !== null) return;
  const exited = once(tcpdump, "exit");
  await new Promise((resolve) => setTimeout(resolve, FLUSH_WAIT_MS));
  // SIGINT: tcpdump flushes the file and prints its packet counts.
  tcpdump.kill("SIGINT");
  await exited;
}

/** Decodes the turns from a pcap file: ConversationRelay frames on the secretary's port, HTTP + SSE on Claude's. */
export function readTurns(
  pcap: Buffer,
  ports: { secretary: number; claude: number },
): Omit<WireTimings, "droppedByKernel"> {
  const turns = new Map<string, WireTurn>();
  const turnOf = (prompt: string) => {
    let turn = turns.get(prompt);
    if (!turn) {
      turn = {};
      turns.set(prompt, turn);
    }
    return turn;
  };
  // Per connection (keyed by its client's address and port): the prompt still waiting for its first
  // token, and the prompts of the requests whose responses have not ended, oldest first.
  const awaitingToken = new Map<string, string>();
  const awaitingResponse = new Map<string, (string | undefined)[]>();

  const streams = new Map<string, TcpStream>();
  const streamFor = (segment: Segment): TcpStream => {
    const key = `${segment.src}:${segment.srcPort}>${segment.dst}:${segment.dstPort}`;
    let stream = streams.get(key);
    if (stream) return stream;
    const toSecretary = segment.dstPort === ports.secretary;
    const fromSecretary = segment.srcPort === ports.secretary;
    const connection =
      toSecretary || segment.dstPort === ports.claude
        ? `${segment.src}:${segment.srcPort}`
        : `${segment.dst}:${segment.dstPort}`;
    let decoder: Decoder;
    if (toSecretary || fromSecretary) {
      decoder = new RelayDecoder(!fromSecretary, (text, at) => {
        const frame = parseJson(text);
        if (toSecretary && frame?.type === "prompt" && frame.last === true && typeof frame.voicePrompt === "string") {
          turnOf(frame.voicePrompt).promptAt ??= at;
          awaitingToken.set(connection, frame.voicePrompt);
        } else if (fromSecretary && frame?.type === "text" && typeof frame.token === "string" && frame.token !== "") {
          const prompt = awaitingToken.get(connection);
          if (prompt === undefined) return;
          turnOf(prompt).firstTokenAt ??= at;
          awaitingToken.delete(connection);
        }
      });
    } else if (segment.dstPort === ports.claude) {
      decoder = new HttpDecoder({
        onBody: (body, at) => {
          const prompt = streamedPrompt(body);
          // A retried request keeps the first one's time: the caller has been waiting since then.
          if (prompt !== undefined) turnOf(prompt).requestAt ??= at;
          const queue = awaitingResponse.get(connection) ?? [];
          queue.push(prompt);
          awaitingResponse.set(connection, queue);
        },
      });
    } else {
      // The end of the previous piece of body, in case the event name is split between two packets.
      let carry = "";
      let firstDeltaSeen = false;
      decoder = new HttpDecoder({
        onBodyData: (data, at) => {
          const prompt = awaitingResponse.get(connection)?.[0];
          if (prompt === undefined || firstDeltaSeen) return;
          const text = carry + data.toString("latin1");
          carry = text.slice(-DELTA_EVENT.length);
          if (!text.includes(DELTA_EVENT)) return;
          firstDeltaSeen = true;
          turnOf(prompt).firstDeltaAt ??= at;
        },
        onBody: () => {
          carry = "";
          firstDeltaSeen = false;
          awaitingResponse.get(connection)?.shift();
        },
      });
    }
    stream = new TcpStream(decoder);
    streams.set(key, stream);
    return stream;
  };

  let packets = 0;
  for (const segment of readSegments(pcap)) {
    packets++;
    streamFor(segment).push(segment);
  }
  let brokenStreams = 0;
  for (const stream of streams.values()) if (stream.broken) brokenStreams++;
  return { turns, packets, brokenStreams };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The last user message of a streamed Messages API request, or undefined for anything else. */
function streamedPrompt(body: Buffer): string | undefined {
  const request = parseJson(body.toString("utf8"));
  if (request?.stream !== true || !Array.isArray(request.messages)) return undefined;
  const last = request.messages.at(-1) as { role?: unknown; content?: unknown } | undefined;
  return last?.role === "user" && typeof last.content === "string" ? last.content : undefined;
}

interface Segment {
  at: number;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  seq: number;
  syn: boolean;
  payload: Buffer;
}

const LINKTYPE_ETHERNET = 1;
const LINKTYPE_LINUX_SLL = 113;

/** The TCP segments of a pcap file (Ethernet or Linux cooked framing, IPv4 or IPv6). */
function* readSegments(pcap: Buffer): Generator<Segment> {
  const magic = pcap.readUInt32LE(0);
  if (magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d) throw new Error("not a little-endian pcap file");
  const fractionToMs = magic === 0xa1b23c4d ? 1e-6 : 1e-3;
  const linkType = pcap.readUInt32LE(20);
  const linkHeader = linkType === LINKTYPE_ETHERNET ? 14 : linkType === LINKTYPE_LINUX_SLL ? 16 : undefined;
  if (linkHeader === undefined) throw new Error(`unsupported pcap link type ${linkType}`);
  let firstSecond: number | undefined;
  for (let offset = 24; offset + 16 <= pcap.length; ) {
    const seconds = pcap.readUInt32LE(offset);
    const fraction = pcap.readUInt32LE(offset + 4);
    const captured = pcap.readUInt32LE(offset + 8);
    const frame = pcap.subarray(offset + 16, offset + 16 + captured);
    offset += 16 + captured;
    firstSecond ??= seconds;
    const at = (seconds - firstSecond) * 1000 + fraction * fractionToMs;
    const etherType = frame.readUInt16BE(linkHeader - 2);
    const ip = frame.subarray(linkHeader);
    let tcp: Buffer;
    let src: string;
    let dst: string;
    if (etherType === 0x0800 && ip[9] === 6) {
      const headerLength = (ip[0]! & 0x0f) * 4;
      tcp = ip.subarray(headerLength, ip.readUInt16BE(2));
      src = ip.subarray(12, 16).join(".");
      dst = ip.subarray(16, 20).join(".");
    } else if (etherType === 0x86dd && ip[6] === 6) {
      tcp = ip.subarray(40, 40 + ip.readUInt16BE(4));
      src = ip.subarray(8, 24).toString("hex");
      dst = ip.subarray(24, 40).toString("hex");
    } else {
      continue;
    }
    const dataOffset = (tcp[12]! >> 4) * 4;
    yield {
      at,
      src,
      dst,
      srcPort: tcp.readUInt16BE(0),
      dstPort: tcp.readUInt16BE(2),
      seq: tcp.readUInt32BE(4),
      syn: (tcp[13]! & 0x02) !== 0,
      payload: tcp.subarray(dataOffset),
    };
  }
}

interface Decoder {
  push(data: Buffer, at: number): void;
}

/** One direction of a TCP connection, handed on in order. A gap (a dropped packet) ends decoding. */
class TcpStream {
  broken = false;
  private nextSeq: number | undefined;

  constructor(private readonly decoder: Decoder) {}

  push(segment: Segment): void {
    if (segment.syn) {
      this.nextSeq = (segment.seq + 1) >>> 0;
      return;
    }
    if (this.broken || segment.payload.length === 0) return;
    // A connection opened before the capture started is picked up at its first captured byte; the
    // bench starts capturing while every connection is idle, so that is a message boundary.
    this.nextSeq ??= segment.seq;
    const ahead = (segment.seq - this.nextSeq) | 0;
    if (ahead > 0) {
      this.broken = true;
      return;
    }
    const fresh = segment.payload.subarray(-ahead);
    if (fresh.length === 0) return;
    this.nextSeq = (this.nextSeq + fresh.length) >>> 0;
    this.decoder.push(fresh, segment.at);
  }
}

/** Collects bytes until whole messages can be taken off the front. */
abstract class BufferedDecoder implements Decoder {
  protected buffer: Buffer = Buffer.alloc(0);

  push(data: Buffer, at: number): void {
    this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data]);
    this.drain(at);
  }

  protected abstract drain(at: number): void;

  protected take(length: number): Buffer {
    const taken = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return taken;
  }
}

/**
 * A ConversationRelay WebSocket, one direction: the HTTP upgrade (if captured), then text frames.
 * Any other HTTP exchange on the secretary's port (a webhook) is skipped.
 */
class RelayDecoder extends BufferedDecoder {
  private state: "start" | "frames" | "not-a-websocket" = "start";

  constructor(
    private readonly masked: boolean,
    private readonly onText: (text: string, at: number) => void,
  ) {
    super();
  }

  protected drain(at: number): void {
    if (this.state === "not-a-websocket") return;
    if (this.state === "start") {
      if (!/^[A-Z]+ |^HTTP\//.test(this.buffer.subarray(0, 8).toString("latin1"))) {
        this.state = "frames";
      } else {
        const end = this.buffer.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = this.take(end + 4)
          .toString("latin1")
          .toLowerCase();
        this.state =
          head.startsWith("http/1.1 101") || /\r\nupgrade:\s*websocket/.test(head) ? "frames" : "not-a-websocket";
        if (this.state === "not-a-websocket") return;
      }
    }
    for (;;) {
      const frame = this.nextFrame();
      if (!frame) return;
      if (frame.opcode === 1) this.onText(frame.payload.toString("utf8"), at);
    }
  }

  private nextFrame(): { opcode: number; payload: Buffer } | undefined {
    const b = this.buffer;
    if (b.length < 2) return undefined;
    let length = b[1]! & 0x7f;
    let header = 2;
    if (length === 126) {
      if (b.length < 4) return undefined;
      length = b.readUInt16BE(2);
      header = 4;
    } else if (length === 127) {
      if (b.length < 10) return undefined;
      length = Number(b.readBigUInt64BE(2));
      header = 10;
    }
    const maskLength = this.masked ? 4 : 0;
    if (b.length < header + maskLength + length) return undefined;
    const mask = b.subarray(header, header + maskLength);
    const payload = Buffer.from(b.subarray(header + maskLength, header + maskLength + length));
    if (this.masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i & 3]!;
    const opcode = b[0]! & 0x0f;
    this.take(header + maskLength + length);
    return { opcode, payload };
  }
}

/** HTTP/1.1 messages one after another on a kept-alive connection: Content-Length or chunked bodies. */
class HttpDecoder extends BufferedDecoder {
  private state: "head" | "fixed" | "chunk-size" | "chunk-data" | "chunk-end" | "trailer" = "head";
  private remaining = 0;
  private body: Buffer[] = [];

  constructor(
    private readonly handlers: { onBody(body: Buffer, at: number): void; onBodyData?(data: Buffer, at: number): void },
  ) {
    super();
  }

  protected drain(at: number): void {
    for (;;) {
      if (this.state === "head") {
        const end = this.buffer.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = this.take(end + 4)
          .toString("latin1")
          .toLowerCase();
        const contentLength = /\r\ncontent-length:\s*(\d+)/.exec(head);
        this.body = [];
        if (/\r\ntransfer-encoding:[^\r]*chunked/.test(head)) {
          this.state = "chunk-size";
        } else if (contentLength) {
          this.remaining = Number(contentLength[1]);
          this.state = "fixed";
        } else {
          // Requests without a body, and responses that have none (the secretary's are never read to close).
          this.finish(at);
        }
      } else if (this.state === "fixed") {
        if (this.buffer.length === 0) return;
        this.data(this.take(Math.min(this.remaining, this.buffer.length)), at);
        this.remaining -= this.body.at(-1)!.length;
        if (this.remaining > 0) return;
        this.finish(at);
      } else if (this.state === "chunk-size") {
        const end = this.buffer.indexOf("\r\n");
        if (end < 0) return;
        this.remaining = Number.parseInt(this.take(end + 2).toString("latin1"), 16);
        this.state = this.remaining === 0 ? "trailer" : "chunk-data";
      } else if (this.state === "chunk-data") {
        if (this.buffer.length === 0) return;
        this.data(this.take(Math.min(this.remaining, this.buffer.length)), at);
        this.remaining -= this.body.at(-1)!.length;
        if (this.remaining > 0) return;
        this.state = "chunk-end";
      } else if (this.state === "chunk-end") {
        // The CRLF after a chunk's data.
        if (this.buffer.length < 2) return;
        this.take(2);
        this.state = "chunk-size";
      } else {
        // After the last chunk: trailer lines, if any, up to an empty line.
        const end = this.buffer.indexOf("\r\n");
        if (end < 0) return;
        this.take(end + 2);
        if (end === 0) this.finish(at);
      }
    }
  }

  private data(data: Buffer, at: number): void {
    this.body.push(data);
    this.handlers.onBodyData?.(data, at);
  }

  private finish(at: number): void {
    this.handlers.onBody(Buffer.concat(this.body), at);
    this.body = [];
    this.state = "head";
  }
}
