import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { signedPost } from "../src/simulator/signed-requests.js";
import { twilioRoutes } from "../src/twilio/routes.js";
import { startSecretary, type TestSecretary } from "./support/secretary.js";

let sidCounter = 0;
/** A fresh Call SID in Twilio's format. */
const nextCallSid = () => `CA${(++sidCounter).toString(16).padStart(32, "0")}`;
const ACCOUNT_SID = `AC${"ab".repeat(16)}`;
const SESSION_ID = `VX${"cd".repeat(16)}`;
const CALLER = "+15550001000";
const LINE = "+15550002000";

/** What Twilio posts to each webhook, all well formed. */
function webhookParams(path: string, callSid: string): Record<string, string> {
  const call = { CallSid: callSid, AccountSid: ACCOUNT_SID, From: CALLER, To: LINE };
  switch (path) {
    case twilioRoutes.voice:
      return { ...call, CallStatus: "ringing" };
    case twilioRoutes.relayAction:
      return { ...call, CallStatus: "completed", SessionId: SESSION_ID, SessionStatus: "completed" };
    case twilioRoutes.dialResult:
      return { ...call, CallStatus: "completed", DialCallStatus: "no-answer" };
    default:
      return {
        ...call,
        CallStatus: "completed",
        CallDuration: "12",
        SequenceNumber: "3",
        Timestamp: "Mon, 23 Nov 2026 10:00:00 +0000",
      };
  }
}

const WEBHOOKS = [twilioRoutes.voice, twilioRoutes.relayAction, twilioRoutes.dialResult, twilioRoutes.status];

describe("what the webhooks and the relay socket accept from Twilio", () => {
  let secretary: TestSecretary;
  before(async () => {
    secretary = await startSecretary({
      env: {
        NODE_ENV: "production",
        PUBLIC_URL: "https://secretary.example.test:8443",
        API_TOKEN: "production-api-token-0123456789",
      },
    });
  });
  after(() => secretary.dispose());

  const prisma = () => secretary.app.database.prisma;
  const rowCounts = async () => ({
    calls: await prisma().call.count(),
    turns: await prisma().turn.count(),
    callers: await prisma().caller.count(),
  });

  test("a From or To that is not a phone number is refused with a 400 naming it, and nothing is written", async () => {
    const before = await rowCounts();
    const badNumbers: [field: "From" | "To", value: string][] = [
      ["From", `+${"7".repeat(2000)}`],
      ["From", "+1555000100012345"],
      ["From", "15550001000"],
      ["To", "+1 555 000 2000"],
      ["To", "anonymous'); DROP TABLE"],
    ];
    for (const path of WEBHOOKS) {
      for (const [field, value] of badNumbers) {
        const response = await signedPost(secretary.simulator, path, {
          ...webhookParams(path, nextCallSid()),
          [field]: value,
        });
        assert.equal(response.status, 400, `${path} with ${field}=${value.slice(0, 20)}`);
        const { error } = (await response.json()) as { error: string };
        assert.match(error, new RegExp(`\\b${field}\\b`));
        assert.ok(!error.includes(value), "the refusal does not echo the value");
      }
    }
    assert.deepEqual(await rowCounts(), before);
  });

  test("a withheld caller ID is taken in each of the forms Twilio sends it", async () => {
    for (const from of ["anonymous", "Restricted", "UNKNOWN", "unavailable", "private", "blocked", "+266696687", ""]) {
      const callSid = nextCallSid();
      const voice = await signedPost(secretary.simulator, "/twilio/voice", {
        ...webhookParams("/twilio/voice", callSid),
        From: from,
      });
      assert.equal(voice.status, 200, `voice webhook from ${JSON.stringify(from)}`);
      const status = await signedPost(secretary.simulator, "/twilio/status", {
        ...webhookParams("/twilio/status", callSid),
        From: from,
      });
      assert.equal(status.status, 204);
      const stored = await prisma().call.findUniqueOrThrow({ where: { callSid } });
      assert.equal(stored.from, from);
    }
  });

  test("an identifier or value out of Twilio's format or bounds is refused with a 400 naming the field", async () => {
    const before = await rowCounts();
    const cases: [path: string, field: string, value: string][] = [
      ["/twilio/status", "CallSid", "CA9"],
      ["/twilio/status", "CallSid", `CA${"0".repeat(40_000)}`],
      ["/twilio/voice", "AccountSid", "AC1"],
      ["/twilio/voice", "AccountSid", `AC${"f".repeat(10_000)}`],
      ["/twilio/relay-action", "SessionId", "VX1"],
      ["/twilio/relay-action", "SessionId", `VX${"e".repeat(10_000)}`],
      ["/twilio/status", "CallStatus", "exploded"],
      ["/twilio/status", "CallStatus", "x".repeat(10_000)],
      ["/twilio/relay-action", "SessionStatus", "x".repeat(10_000)],
      ["/twilio/dial-result", "DialCallStatus", "maybe"],
      ["/twilio/dial-result", "DialCallStatus", "x".repeat(10_000)],
      ["/twilio/status", "CallDuration", "-5"],
      ["/twilio/status", "CallDuration", "9".repeat(20)],
      ["/twilio/status", "SequenceNumber", "-1"],
      ["/twilio/status", "Timestamp", "x".repeat(10_000)],
      ["/twilio/status", "Timestamp", "yesterday"],
      ["/twilio/relay-action", "HandoffData", `{"reasonCode":"transfer","reason":"${"x".repeat(20_000)}"}`],
      ["/twilio/relay-action", "ErrorCode", "6".repeat(10_000)],
      ["/twilio/relay-action", "ErrorCode", "oops"],
    ];
    for (const [path, field, value] of cases) {
      const response = await signedPost(secretary.simulator, path, {
        ...webhookParams(path, nextCallSid()),
        [field]: value,
      });
      assert.equal(response.status, 400, `${path} with ${field}=${value.slice(0, 20)}`);
      const { error } = (await response.json()) as { error: string };
      assert.match(error, new RegExp(`\\b${field}\\b`), `${path} with ${field}=${value.slice(0, 20)}`);
      assert.ok(!error.includes(value), "the refusal does not echo the value");
    }
    assert.deepEqual(await rowCounts(), before);
  });
});
