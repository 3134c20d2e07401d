import assert from "node:assert/strict";
import { test } from "node:test";
import type { CallStatus, EndReason } from "@prisma/client";
import { isCallOver } from "../src/calls/call-over.js";

const ended = new Date("2026-05-01T10:00:00Z");

test("a call is over once it has ended for good: a final status, or a session end no other session follows", () => {
  const cases: [status: CallStatus, endedAt: Date | null, endReason: EndReason | null, over: boolean][] = [
    ["RINGING", null, null, false],
    ["IN_PROGRESS", null, null, false],
    // Twilio's final statuses.
    ["COMPLETED", ended, null, true],
    ["BUSY", ended, null, true],
    ["NO_ANSWER", ended, null, true],
    ["CANCELED", ended, null, true],
    ["FAILED", ended, null, true],
    ["COMPLETED", ended, "CONNECTION_LOST", true],
    // The session's end, before any final status arrives.
    ["IN_PROGRESS", ended, "CALLER_HUNG_UP", true],
    ["IN_PROGRESS", ended, "ENDED_BY_ASSISTANT", true],
    ["IN_PROGRESS", ended, "NO_END_REPORTED", true],
    // Twilio may reconnect a dropped socket, and an unanswered transfer comes back to the secretary.
    ["IN_PROGRESS", ended, "CONNECTION_LOST", false],
    ["IN_PROGRESS", ended, "TRANSFERRED_TO_OWNER", false],
    // A session resumed after an end clears endedAt: the call is on again.
    ["COMPLETED", null, null, false],
  ];
  for (const [status, endedAt, endReason, over] of cases) {
    assert.equal(
      isCallOver({ status, endedAt, endReason }),
      over,
      `${status}, ${endedAt ? "ended" : "not ended"}, ${endReason}`,
    );
  }
});
