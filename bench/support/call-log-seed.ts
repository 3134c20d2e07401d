// A large call log for the benchmarks that read one: callers, calls and turns made in SQL by
// PostgreSQL itself (generate_series over phrase arrays), seconds for 100,000 calls and a million turns.
import pg from "pg";
import { monotonicMs } from "./measure.js";

export interface CallLogSize {
  calls: number;
  turns: number;
}

const FIRST_NAMES = [
  "Maria",
  "James",
  "Linda",
  "Robert",
  "Patricia",
  "Michael",
  "Jennifer",
  "David",
  "Elizabeth",
  "William",
  "Barbara",
  "Richard",
  "Susan",
  "Joseph",
  "Jessica",
  "Thomas",
  "Sarah",
  "Charles",
  "Karen",
  "Daniel",
  "Nancy",
  "Matthew",
  "Lisa",
  "Anthony",
  "Betty",
  "Mark",
  "Sandra",
  "Donald",
  "Ashley",
  "Steven",
  "Emily",
  "Paul",
  "Donna",
  "Andrew",
  "Michelle",
  "Joshua",
  "Carol",
  "Kenneth",
  "Amanda",
  "Kevin",
];
const LAST_NAMES = [
  "Smith",
  "Johnson",
  "Williams",
  "Brown",
  "Jones",
  "Garcia",
  "Miller",
  "Davis",
  "Rodriguez",
  "Martinez",
  "Hernandez",
  "Lopez",
  "Gonzalez",
  "Wilson",
  "Anderson",
  "Okafor",
  "Taylor",
  "Moore",
  "Jackson",
  "Martin",
  "Lee",
  "Perez",
  "Thompson",
  "White",
  "Harris",
  "Sanchez",
  "Clark",
  "Ramirez",
  "Lewis",
  "Robinson",
  "Walker",
  "Young",
  "Allen",
  "King",
  "Wright",
  "Scott",
  "Torres",
  "Nguyen",
  "Hill",
  "Flores",
];
const INTENTS: [intent: string, summary: string][] = [
  ["appointment booking", "wants to book an appointment for a cleaning and checkup"],
  ["reschedule", "needs to reschedule an existing appointment to another day"],
  ["cancellation", "wants to cancel an upcoming appointment"],
  ["billing question", "has a question about the charges on a recent invoice"],
  ["insurance", "asked whether the office accepts their dental insurance plan"],
  ["toothache", "reports tooth pain and asked to be seen soon"],
  ["prescription refill", "asked for a refill of a prescription from the doctor"],
  ["new patient", "is a new patient asking how to register"],
  ["emergency", "has a dental emergency after an accident"],
  ["broken crown", "says a crown came off and needs it fixed"],
  ["records request", "requested a copy of x-rays and treatment records"],
  ["callback request", "asked the doctor to call back"],
  ["opening hours", "asked about opening hours and directions"],
  ["sales call", "is a vendor offering supplies to the office"],
];
const NOTES = [
  "Prefers mornings",
  "Call back after 5pm",
  "Spanish speaker, offer an interpreter",
  "Owes a balance from March",
  "Long-time patient, very anxious about needles",
  "Needs wheelchair access",
];
const OPENERS = ["Hi,", "Hello,", "Good morning,", "Hey there,", "Yes, hi,", "Um, hello,", "Hi there, sorry,"];
const REQUESTS = [
  "I need to reschedule my appointment",
  "I would like to book a cleaning",
  "I'm calling about my bill",
  "I have a question about my insurance",
  "my tooth has been hurting since yesterday",
  "I need a refill on my prescription",
  "I want to cancel my appointment for next week",
  "I think I lost a filling",
  "can I get a copy of my x-rays",
  "I'm a new patient and want to register",
  "my daughter needs a checkup",
  "I was charged twice on my credit card",
  "is the office open on Saturday",
  "my crown came off while I was eating",
  "I need a referral to a specialist",
  "can I speak to Dr. Reyes",
  "I'm running late for my appointment",
  "my gums bleed when I brush",
  "I wanted to ask about teeth whitening",
  "do you offer payment plans",
];
const DETAILS = [
  "for Thursday afternoon",
  "sometime next week",
  "as soon as possible",
  "it's pretty urgent",
  "the pain is really bad at night",
  "my insurance is Delta Dental",
  "my insurance changed in January",
  "the invoice number is on the letter",
  "I can only do mornings",
  "after school would be best",
  "please call me back",
  "I already paid the deposit",
  "it's for my husband",
  "the pharmacy is on Main Street",
  "",
];
const ASSISTANT_LINES = [
  "Of course, I can help with that.",
  "Let me take a message for Dr. Reyes.",
  "Could I have your name and a good number to call you back?",
  "I have noted that, and the office will call you back today.",
  "We have openings on Tuesday morning and Thursday afternoon.",
  "Please bring your insurance card to the appointment.",
  "I'm sorry to hear you're in pain.",
  "If it's an emergency, please go to the nearest emergency room.",
  "The billing team will review the charges and get back to you.",
  "Your prescription request has been passed on to the doctor.",
  "The office is open Monday to Friday from eight to five.",
  "I'll let the team know you're running late.",
  "Is there anything else I can help you with?",
  "Thank you for calling Harbor Dental, goodbye!",
  "Let me check the schedule for you.",
  "A root canal usually takes about ninety minutes.",
  "We do offer payment plans for larger treatments.",
  "I can put you on the cancellation list.",
];

const sqlText = (value: string) => `'${value.replaceAll("'", "''")}'`;
const sqlArray = (values: readonly string[]) => `ARRAY[${values.map(sqlText).join(", ")}]`;
/** A uniformly random element of a literal array, drawn per row. */
const pick = (values: readonly string[]) => `(${sqlArray(values)})[1 + floor(random() * ${values.length})::int]`;

/** Callers are numbered 0..callers-1; caller k's number, as digits, is the same expression everywhere. */
const callerDigits = (k: string) => `(2012000000 + (${k})::bigint * 7919)::text`;
export const CALLS_PER_CALLER = 4;
// Calls are ~5 minutes apart: 100,000 calls are a year of a busy office.
const callStarted = (c: string, calls: number) =>
  `($1::timestamp - ((${calls} - ${c}) * 313 + abs(hashint4(${c})) % 120) * interval '1 second')`;

export interface SeedTimings {
  callsMs: number;
  turnsMs: number;
  vectorsMs: number;
  vacuumMs: number;
  totalMs: number;
}

export async function seedCallLog(databaseUrl: string, options: CallLogSize): Promise<SeedTimings> {
  const callers = Math.max(1, Math.floor(options.calls / CALLS_PER_CALLER));
  const base = new Date().toISOString().replace("T", " ").replace("Z", "");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const timed = async (sql: string, params: unknown[] = []) => {
    const started = monotonicMs();
    await client.query(sql, params);
    return monotonicMs() - started;
  };
  try {
    // The window sort of the turns wants memory. synchronous_commit stays on: VACUUM cannot mark
    // pages all-visible while the rows' commit is not yet flushed, and index-only scans (count)
    // would then be measured on a table no production database would have.
    await client.query("SET work_mem = '256MB'");
    await client.query("SET maintenance_work_mem = '512MB'");
    await client.query("SELECT setseed(0.42)");
    const started = monotonicMs();

    let callsMs = await timed(
      `INSERT INTO "Caller" (id, phone, name, "callCount", "createdAt")
       SELECT md5('caller' || k)::uuid, '+1' || ${callerDigits("k")},
              CASE WHEN k % 4 <> 3 THEN (${sqlArray(FIRST_NAMES)})[1 + k % ${FIRST_NAMES.length}] || ' ' || (${sqlArray(LAST_NAMES)})[1 + (k / ${FIRST_NAMES.length}) % ${LAST_NAMES.length}] END,
              0, $1::timestamp - interval '400 days'
       FROM generate_series(0, ${callers - 1}) AS k`,
      [base],
    );
    // The BEFORE INSERT trigger stays on: it builds each call's own fields into its vector.
    callsMs += await timed(
      `INSERT INTO "Call" (id, "callSid", "from", "to", "callerId", status, "startedAt", "endedAt", "durationSeconds", "callerName",
                           summary, intent, urgency, notes, "handledBy", "endReason", "sessionCount", "analysisState", "analyzedAt",
                           "createdAt", "updatedAt")
       SELECT md5('call' || x.c)::uuid, 'CA' || md5('call' || x.c), cl.phone, '+15555550100', cl.id,
              (CASE WHEN x.s < 0.92 THEN 'COMPLETED' WHEN x.s < 0.96 THEN 'NO_ANSWER' WHEN x.s < 0.98 THEN 'BUSY'
                    WHEN x.s < 0.99 THEN 'CANCELED' ELSE 'FAILED' END)::"CallStatus",
              x.started, x.started + x.duration * interval '1 second', x.duration, cl.name,
              'The caller' || coalesce(' ' || cl.name, '') || ' ' || (${sqlArray(INTENTS.map(([, s]) => s))})[1 + x.i] || '.',
              (${sqlArray(INTENTS.map(([i]) => i))})[1 + x.i],
              (CASE WHEN x.u < 0.3 THEN 'LOW' WHEN x.u < 0.8 THEN 'NORMAL' WHEN x.u < 0.95 THEN 'HIGH' ELSE 'URGENT' END)::"Urgency",
              CASE WHEN random() < 0.03 THEN ${pick(NOTES)} END,
              (CASE WHEN random() < 0.03 THEN 'OFFLINE' ELSE 'CLAUDE' END)::"HandledBy",
              'CALLER_HUNG_UP'::"EndReason", 1, 'DONE'::"AnalysisState", x.started + (x.duration + 20) * interval '1 second', x.started, x.started
       FROM (SELECT c, ${callStarted("c", options.calls)} AS started, 30 + floor(random() * 400)::int AS duration,
                    floor(random() * ${INTENTS.length})::int AS i, random() AS u, random() AS s
             FROM generate_series(0, ${options.calls - 1}) AS c) AS x
       JOIN "Caller" AS cl ON cl.id = md5('caller' || ((x.c * 7) % ${callers}))::uuid`,
      [base],
    );
    callsMs += await timed(
      `UPDATE "Caller" AS cl SET "callCount" = agg.n, "lastCallAt" = agg.last
       FROM (SELECT "callerId", count(*)::int AS n, max("startedAt") AS last FROM "Call" GROUP BY "callerId") AS agg
       WHERE cl.id = agg."callerId"`,
    );

    // The per-turn trigger is off for the load and the vectors are built afterwards by the
    // migration's own backfill: one pass over the turns, and the same state a database reaches
    // when the search migration runs over calls already logged.
    await client.query(`ALTER TABLE "Turn" DISABLE TRIGGER turn_search_on_insert`);
    const phone = (c: string) => {
      const d = callerDigits(`(${c} * 7) % ${callers}`);
      return `substr(${d}, 1, 3) || '-' || substr(${d}, 4, 3) || '-' || substr(${d}, 7, 4)`;
    };
    const turnsMs =
      options.turns === 0
        ? 0
        : await timed(
            `INSERT INTO "Turn" (id, "callId", seq, role, kind, text, interrupted, "firstTokenMs", "responseMs", "createdAt")
             SELECT gen_random_uuid(), md5('call' || s.c)::uuid, s.seq,
                    (CASE WHEN s.seq % 2 = 0 THEN 'CALLER' ELSE 'ASSISTANT' END)::"TurnRole", 'SPEECH'::"TurnKind",
                    CASE WHEN s.seq % 2 = 0 THEN
                      ${pick(OPENERS)} || ' ' || ${pick(REQUESTS)} || ' ' || ${pick(DETAILS)} || '.'
                      || CASE WHEN random() < 0.05 THEN ' You can reach me at ' || ${phone("s.c")} || '.' ELSE '' END
                      || CASE WHEN random() < 0.0005 THEN ' My dentist said I should see a periodontist.' ELSE '' END
                      || CASE WHEN random() < 0.003 THEN ' Do you do Invisalign for adults?' ELSE '' END
                    ELSE
                      ${pick(ASSISTANT_LINES)}
                      || CASE WHEN random() < 0.7 THEN ' ' || ${pick(ASSISTANT_LINES)} ELSE '' END
                      || CASE WHEN random() < 0.3 THEN ' ' || ${pick(ASSISTANT_LINES)} ELSE '' END
                    END,
                    s.seq % 2 = 1 AND random() < 0.04,
                    CASE WHEN s.seq % 2 = 1 THEN 300 + floor(random() * 500)::int END,
                    CASE WHEN s.seq % 2 = 1 THEN 1200 + floor(random() * 3000)::int END,
                    ${callStarted("s.c", options.calls)} + s.seq * interval '12 seconds'
             FROM (SELECT r.c, (row_number() OVER (PARTITION BY r.c ORDER BY r.t) - 1)::int AS seq
                   FROM (SELECT t, floor(random() * ${options.calls})::int AS c FROM generate_series(1, ${options.turns}) AS t) AS r) AS s`,
            [base],
          );

    // The call_search migration's own backfill; setting "transcriptVector" fires call_search_on_update,
    // which recomposes "searchVector".
    const vectorsMs = await timed(`UPDATE "Call" SET "transcriptVector" = call_search_transcript_vector(id)`);
    await client.query(`ALTER TABLE "Turn" ENABLE TRIGGER turn_search_on_insert`);
    // Every call row was rewritten once: vacuum as autovacuum eventually would, so the GIN
    // pending list is merged and plans see real statistics. "CallTally" took one update per call
    // loaded, all in one transaction on ~20 rows (hundreds of pages of dead versions); calls that
    // come one transaction each leave it a page or two, as compacting it now does.
    const vacuumMs =
      (await timed(`VACUUM (ANALYZE) "Call"`)) +
      (await timed(`VACUUM (FULL, ANALYZE) "CallTally"`)) +
      (await timed(`VACUUM (ANALYZE) "Turn"`)) +
      (await timed(`VACUUM (ANALYZE) "Caller"`));
    return { callsMs, turnsMs, vectorsMs, vacuumMs, totalMs: monotonicMs() - started };
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
