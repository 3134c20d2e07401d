// The packet decoder behind `npm run bench:calls -- --wire`: the README's wire-level figures are
// only as true as the four moments it reads off a capture. Fed a pcap built here byte by byte.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readTurns } from "../bench/support/wire-capture.js";

const SECRETARY = 4000;
const CLAUDE = 5000;
const CALLER = 40001;
const SECRETARY_TO_CLAUDE = 50001;
const PROMPT = "Hi, this is caller 7 question 2. Could the doctor call me back?";

interface Packet {
  /** ms after the first packet's whole second. */
  at: number;
  from: number;
  to: number;
  seq: number;
  data: Buffer | string;
  syn?: boolean;
}

/** A little-endian, microsecond pcap of IPv4/TCP over Ethernet framing, as tcpdump writes for `lo`. */
function pcap(packets: Packet[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(1, 20);
  const second = 1_795_000_000;
  const records = packets.map((packet) => {
    const payload = typeof packet.data === "string" ? Buffer.from(packet.data) : packet.data;
    const ethernet = Buffer.alloc(14);
    ethernet.writeUInt16BE(0x0800, 12);
    const ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip.writeUInt16BE(20 + 20 + payload.length, 2);
    ip[8] = 64;
    ip[9] = 6;
    ip.set([127, 0, 0, 1], 12);
    ip.set([127, 0, 0, 1], 16);
    const tcp = Buffer.alloc(20);
    tcp.writeUInt16BE(packet.from, 0);
    tcp.writeUInt16BE(packet.to, 2);
    tcp.writeUInt32BE(packet.seq >>> 0, 4);
    tcp[12] = 5 << 4;
    tcp[13] = packet.syn ? 0x02 : 0x18;
    const frame = Buffer.concat([ethernet, ip, tcp, payload]);
    const record = Buffer.alloc(16);
    record.writeUInt32LE(second + Math.floor(packet.at / 1000), 0);
    record.writeUInt32LE(Math.round((packet.at % 1000) * 1000), 4);
    record.writeUInt32LE(frame.length, 8);
    record.writeUInt32LE(frame.length, 12);
    return Buffer.concat([record, frame]);
  });
  return Buffer.concat([header, ...records]);
}

/** A WebSocket text frame; masked as a client sends it. */
function wsText(value: unknown, masked: boolean): Buffer {
  const payload = Buffer.from(JSON.stringify(value));
  const head =
    payload.length < 126
      ? Buffer.from([0x81, payload.length])
      : Buffer.from([0x81, 126, payload.length >> 8, payload.length & 0xff]);
  if (!masked) return Buffer.concat([head, payload]);
  head[1]! |= 0x80;
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  return Buffer.concat([head, mask, payload.map((byte, i) => byte ^ mask[i & 3]!)]);
}

function httpRequest(body: unknown): string {
  const json = JSON.stringify(body);
  return `POST /v1/messages HTTP/1.1\r\nhost: 127.0.0.1:${CLAUDE}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
}

const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** Splits `data` into consecutive packets of one direction, numbering their sequence from `seq`. */
function split(from: number, to: number, seq: number, parts: [at: number, data: Buffer | string][]): Packet[] {
  let next = seq;
  return parts.map(([at, data]) => {
    const packet = { at, from, to, seq: next, data };
    next += Buffer.byteLength(data);
    return packet;
  });
}

function oneTurn(): Packet[] {
  const partial = wsText({ type: "prompt", voicePrompt: "Hi, this is", lang: "en-US", last: false }, true);
  const prompt = wsText({ type: "prompt", voicePrompt: PROMPT, lang: "en-US", last: true }, true);
  const analysis = httpRequest({ model: "m", stream: false, messages: [{ role: "user", content: "a transcript" }] });
  const streamed = httpRequest({
    model: "m",
    stream: true,
    messages: [
      { role: "user", content: "earlier" },
      { role: "assistant", content: "Hello." },
      { role: "user", content: PROMPT },
    ],
  });
  const analysisResponse = `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}`;
  const head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
  const start = chunk(sse("message_start", { type: "message_start" }));
  const delta = chunk(
    sse("content_block_delta", { type: "content_block_delta", delta: { type: "text_delta", text: "Of" } }),
  );
  const cut = delta.indexOf("content_blo") + "content_blo".length;
  const end = `${chunk(sse("message_stop", { type: "message_stop" }))}0\r\n\r\n`;
  return [
    // The caller's socket was opened before the capture began: no SYN, no upgrade.
    ...split(CALLER, SECRETARY, 7000, [
      [999, partial],
      [1000, prompt.subarray(0, 20)],
      [1000.3, prompt.subarray(20)],
    ]),
    // A webhook on its own connection: not a WebSocket, skipped.
    {
      at: 1000.4,
      from: 40002,
      to: SECRETARY,
      seq: 1,
      data: "POST /twilio/status HTTP/1.1\r\ncontent-length: 5\r\n\r\nx=1&y",
    },
    { at: 989, from: SECRETARY_TO_CLAUDE, to: CLAUDE, seq: 99, data: "", syn: true },
    ...split(SECRETARY_TO_CLAUDE, CLAUDE, 100, [
      [990, analysis],
      [1000.8, streamed.slice(0, 200)],
      [1001, streamed.slice(200)],
    ]),
    ...split(CLAUDE, SECRETARY_TO_CLAUDE, 500, [
      [995, analysisResponse],
      [1301, head + start],
      [1301.5, delta.slice(0, cut)],
      [1301.6, delta.slice(cut)],
      [1302, end],
    ]),
    ...split(SECRETARY, CALLER, 9000, [
      [1301.7, wsText({ type: "text", token: "", last: false }, false)],
      [1301.8, wsText({ type: "text", token: "Of", last: false }, false)],
      [1302.1, wsText({ type: "text", token: "", last: true }, false)],
    ]),
  ].sort((a, b) => a.at - b.at);
}

describe("wire timings of a turn", () => {
  it("reads the four moments of a turn, each when its last byte was on the wire", () => {
    const { turns, brokenStreams } = readTurns(pcap(oneTurn()), { secretary: SECRETARY, claude: CLAUDE });
    assert.equal(brokenStreams, 0);
    assert.deepEqual([...turns.keys()], [PROMPT], "the partial prompt and the analysis are not turns");
    const turn = turns.get(PROMPT)!;
    assert.equal(turn.promptAt, 1000.3);
    assert.equal(turn.requestAt, 1001);
    assert.equal(turn.firstDeltaAt, 1301.6);
    assert.equal(turn.firstTokenAt, 1301.8, "the empty token does not count");
  });

  it("ignores a retransmitted packet", () => {
    const packets = oneTurn();
    const prompt = packets.find((p) => p.at === 1000.3)!;
    packets.push({ ...prompt, at: 1000.9 });
    packets.sort((a, b) => a.at - b.at);
    const turn = readTurns(pcap(packets), { secretary: SECRETARY, claude: CLAUDE }).turns.get(PROMPT)!;
    assert.equal(turn.promptAt, 1000.3);
    assert.equal(turn.firstTokenAt, 1301.8);
  });

  it("stops decoding a connection at a gap rather than misreading it", () => {
    const packets = oneTurn().filter((p) => p.at !== 1301);
    const { turns, brokenStreams } = readTurns(pcap(packets), { secretary: SECRETARY, claude: CLAUDE });
    assert.equal(brokenStreams, 1);
    const turn = turns.get(PROMPT)!;
    assert.equal(turn.requestAt, 1001);
    assert.equal(turn.firstDeltaAt, undefined);
  });
});
