// The owner's dashboard sign-in, as a browser lives it: the API token pasted once becomes a session
// cookie; the cookie opens the API on every transport, but only for this server's own pages; it
// ends when the owner signs out, when it expires, and when API_TOKEN changes. And GraphiQL works
// signed in, with nothing to paste.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { ExecutionResult, FormattedExecutionResult } from "graphql";
import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import { CallStore } from "../src/calls/call-store.js";
import { openTestCall } from "./support/open-call.js";
import { startSecretary, type TestSecretary } from "./support/secretary.js";
import { eventually } from "./support/wait.js";

const THIRTY_DAYS_S = 30 * 24 * 60 * 60;

/** What the browser keeps of a Set-Cookie: `name=value`, and the attributes as written. */
function setCookie(response: Response): { pair: string; value: string; attributes: string[] } | undefined {
  const header = response.headers.getSetCookie().find((cookie) => cookie.startsWith("secretary_session="));
  if (!header) return undefined;
  const [pair, ...attributes] = header.split(";").map((part) => part.trim());
  return { pair: pair!, value: pair!.slice("secretary_session=".length), attributes };
}

async function signIn(
  secretary: TestSecretary,
  body: unknown = { token: secretary.app.apiToken },
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${secretary.app.url}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, cookie: setCookie(response), response };
}

async function signedInCookie(secretary: TestSecretary): Promise<string> {
  const { status, cookie, text } = await signIn(secretary);
  assert.equal(status, 204, text);
  assert.ok(cookie);
  return cookie.pair;
}

async function sessionStatus(secretary: TestSecretary, cookie: string) {
  const response = await fetch(`${secretary.app.url}/api/session`, { headers: { cookie } });
  return {
    status: response.status,
    body: (await response.json()) as { signedIn: boolean; expiresAt?: string },
    cookie: setCookie(response),
  };
}

/** A GraphQL POST as the dashboard's page sends it: the cookie, and the Origin the browser adds. */
async function graphql<T = Record<string, unknown>>(
  secretary: TestSecretary,
  query: string,
  headers: Record<string, string>,
  variables?: Record<string, unknown>,
): Promise<{ status: number; body: ExecutionResult<T> }> {
  const response = await fetch(`${secretary.app.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as ExecutionResult<T> };
}

/** graphql-ws from a browser tab: the upgrade carries the tab's cookie and origin, connectionParams nothing. */
function browserSocket(secretary: TestSecretary, headers: Record<string, string>): Client & { closeCodes: number[] } {
  const closeCodes: number[] = [];
  class BrowserWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const client = createClient({
    url: `${secretary.app.url.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: BrowserWebSocket,
    retryAttempts: 0,
    on: { closed: (event) => closeCodes.push((event as { code: number }).code) },
  });
  return Object.assign(client, { closeCodes });
}

/** Subscribes on `client`; collects events and the error, if any. */
function subscribe(client: Client, query: string) {
  const events: FormattedExecutionResult<Record<string, unknown>, unknown>[] = [];
  const errors: unknown[] = [];
  const unsubscribe = client.subscribe<Record<string, unknown>, unknown>(
    { query },
    { next: (event) => events.push(event), error: (error) => errors.push(error), complete: () => undefined },
  );
  return { events, errors, unsubscribe };
}

const NOTES = `mutation($input: UpdateCallNotesInput!) { updateCallNotes(input: $input) { call { id notes } } }`;

describe("dashboard sign-in", () => {
  let secretary: TestSecretary;
  let own: Record<string, string>;
  let callId: string;
  before(async () => {
    secretary = await startSecretary({ offline: true });
    own = { origin: secretary.app.url };
    const opened = await openTestCall(new CallStore(secretary.app.database), {
      callSid: "CA00000000000000000000000000000001",
      from: "+15550001111",
      to: "+15550002222",
    });
    callId = Buffer.from(`Call:${opened.callId}`).toString("base64");
  });
  after(() => secretary.dispose());

  const bearer = () => ({ authorization: `Bearer ${secretary.app.apiToken}` });
  const notesOfCall = async () => {
    const { body } = await graphql<{ call: { notes: string | null } }>(
      secretary,
      `query($id: ID!) { call(callId: $id) { notes } }`,
      bearer(),
      { id: callId },
    );
    return body.data?.call.notes;
  };

  test("the API token turns into a session cookie: HttpOnly, SameSite=Strict, for 30 days; the secret is not stored", async () => {
    const { status, cookie, text } = await signIn(secretary);
    assert.equal(status, 204, text);
    assert.ok(cookie, "a session cookie is set");
    assert.match(cookie.value, /^[A-Za-z0-9_-]{43,}$/, "32 random bytes or more, base64url");
    assert.deepEqual(
      cookie.attributes.sort(),
      ["HttpOnly", `Max-Age=${THIRTY_DAYS_S}`, "Path=/", "SameSite=Strict"].sort(),
      "no Secure over plain http",
    );

    const signedIn = await sessionStatus(secretary, cookie.pair);
    assert.equal(signedIn.status, 200);
    assert.equal(signedIn.body.signedIn, true);
    const daysLeft = (Date.parse(signedIn.body.expiresAt!) - Date.now()) / 86_400_000;
    assert.ok(daysLeft > 29.9 && daysLeft <= 30, `expires in ${daysLeft} days`);
    assert.equal(signedIn.cookie, undefined, "a fresh session is not renewed");

    const rows = await secretary.app.database.prisma.ownerSession.findMany();
    assert.ok(
      rows.every((row) => !Object.values(row).includes(cookie.value)),
      "the cookie's secret is in no column",
    );
    assert.ok(rows.some((row) => row.id === createHash("sha256").update(cookie.value).digest("hex")));
  });

  test("a wrong or missing token is refused with 401 and no cookie; a body that is not JSON is refused and signs nobody in", async () => {
    const before = await secretary.app.database.prisma.ownerSession.count();
    for (const body of [{ token: "not-the-token-0123456789" }, {}, { token: 42 }, "just a string"]) {
      const answer = await signIn(secretary, body);
      assert.equal(answer.status, 401, JSON.stringify(body));
      assert.deepEqual(JSON.parse(answer.text), { error: "Wrong API token" });
      assert.equal(answer.cookie, undefined);
    }
    const form = await fetch(`${secretary.app.url}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `token=${secretary.app.apiToken}`,
    });
    assert.equal(form.status, 415);
    assert.match(((await form.json()) as { error: string }).error, /JSON/);
    assert.equal(setCookie(form), undefined);
    const broken = await fetch(`${secretary.app.url}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"token": "${secretary.app.apiToken}"`,
    });
    assert.equal(broken.status, 400);
    assert.match(((await broken.json()) as { error: string }).error, /not valid JSON/);
    assert.equal(setCookie(broken), undefined);
    assert.equal(await secretary.app.database.prisma.ownerSession.count(), before, "no session was made");
    const noCookie = await fetch(`${secretary.app.url}/api/session`);
    assert.equal(noCookie.status, 401);
    assert.deepEqual(await noCookie.json(), { signedIn: false });
  });

  test("the cookie runs queries from the dashboard's pages (Origin, or Sec-Fetch-Site without one), and the changes are the dashboard's", async () => {
    const cookie = await signedInCookie(secretary);
    const query = "{ calls(first: 1) { totalCount } }";
    const fromOurPages: Record<string, string>[] = [
      { cookie, ...own },
      // Through a proxy whose Host is not the public one: PUBLIC_URL's origin.
      { cookie, origin: secretary.app.publicUrl },
      { cookie, "sec-fetch-site": "same-origin" },
    ];
    for (const headers of fromOurPages) {
      const { status, body } = await graphql(secretary, query, headers);
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual(body.data, { calls: { totalCount: 1 } });
    }
    const { status, body } = await graphql<{ updateSettings: { change: { changedBy: string } } }>(
      secretary,
      `mutation { updateSettings(input: { instructions: "Mention the parking." }) { change { changedBy } } }`,
      { cookie, ...own },
    );
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.data?.updateSettings.change.changedBy, "owner (dashboard session)");
    const withToken = await graphql<{ updateSettings: { change: { changedBy: string } } }>(
      secretary,
      `mutation { updateSettings(input: { instructions: "Mention the bus stop." }) { change { changedBy } } }`,
      bearer(),
    );
    assert.equal(withToken.body.data?.updateSettings.change.changedBy, "owner (API token)");
  });

  test("a mutation with the cookie from another site's page is refused (403) and changes nothing; without any way in, 401", async () => {
    const cookie = await signedInCookie(secretary);
    const input = { input: { callId, notes: "written by evil.example" } };
    const fromElsewhere: Record<string, string>[] = [
      { cookie, origin: "https://evil.example" },
      { cookie, origin: "null" },
      { cookie, "sec-fetch-site": "same-site" },
      { cookie },
    ];
    for (const headers of fromElsewhere) {
      const { status, body } = await graphql(secretary, NOTES, headers, input);
      assert.equal(status, 403, JSON.stringify(headers));
      assert.equal(body.errors?.[0]?.message, "cross-site request refused");
      assert.equal(body.data, undefined);
    }
    // graphql-sse's single connection reserves its stream with PUT: the same rule.
    const put = await fetch(`${secretary.app.url}/graphql/stream`, {
      method: "PUT",
      headers: { cookie, origin: "https://evil.example" },
    });
    assert.equal(put.status, 403);
    await put.body?.cancel();
    assert.equal(await notesOfCall(), null, "the call's notes are unchanged");

    const unknown = await graphql(secretary, NOTES, { cookie: `secretary_session=${"A".repeat(43)}`, ...own }, input);
    assert.equal(unknown.status, 401);
    assert.equal(await notesOfCall(), null);

    const mine = await graphql(secretary, NOTES, { cookie, ...own }, { input: { callId, notes: "Prefers mornings" } });
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    assert.equal(await notesOfCall(), "Prefers mornings");
  });

  test("a subscription over SSE runs with the cookie, as GraphiQL's does", async () => {
    const cookie = await signedInCookie(secretary);
    const controller = new AbortController();
    const response = await fetch(`${secretary.app.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", cookie, ...own },
      body: JSON.stringify({ query: "subscription { callUpdated { id notes } }" }),
      signal: controller.signal,
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /text\/event-stream/);
    const reader = response.body!.getReader();
    let received = "";
    const seen = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        received += Buffer.from(value).toString("utf8");
        if (received.includes("Over SSE")) return;
      }
    })();
    await eventually("the SSE subscription to be registered and see a change", async () => {
      await graphql(secretary, NOTES, bearer(), { input: { callId, notes: "Over SSE" } });
      return Promise.race([
        seen.then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), 100)),
      ]);
    });
    controller.abort();
    assert.match(received, /"notes":"Over SSE"/);
  });

  test("graphql-ws: the upgrade's cookie from another origin is refused before anything runs; from ours, a subscription gets its events", async () => {
    const cookie = await signedInCookie(secretary);
    const foreign = browserSocket(secretary, { cookie, origin: "https://evil.example" });
    const refused = subscribe(foreign, "subscription { callUpdated { id notes } }");
    await eventually("the foreign socket to be closed", async () => refused.errors.length > 0);
    assert.deepEqual(foreign.closeCodes, [4403]);
    assert.match(String((refused.errors[0] as { reason?: string }).reason), /cross-site request refused/);
    await foreign.dispose();

    const mine = browserSocket(secretary, { cookie, ...own });
    const feed = subscribe(mine, "subscription { callUpdated { id notes } }");
    await eventually("the subscription to see a change", async () => {
      await graphql(secretary, NOTES, bearer(), { input: { callId, notes: "Seen live" } });
      return feed.events.some((event) => JSON.stringify(event.data).includes("Seen live"));
    });
    assert.deepEqual(refused.events, [], "the refused socket got nothing");
    assert.deepEqual(feed.errors, []);
    await mine.dispose();
  });

  test("signing out ends the session everywhere: the cookie is cleared, refused on HTTP, and a socket it opened runs nothing new", async () => {
    const cookie = await signedInCookie(secretary);
    const socket = browserSocket(secretary, { cookie, ...own });
    const first = subscribe(socket, "subscription { callUpdated { id } }");
    await eventually("the socket's first subscription to run", async () => {
      await graphql(secretary, NOTES, bearer(), { input: { callId, notes: "Before signing out" } });
      return first.events.length > 0;
    });

    const signOut = await fetch(`${secretary.app.url}/api/session`, { method: "DELETE", headers: { cookie, ...own } });
    assert.equal(signOut.status, 204);
    const cleared = setCookie(signOut);
    assert.ok(cleared?.attributes.includes("Max-Age=0"), "the browser is told to forget the cookie");

    const refused = await graphql(secretary, "{ calls(first: 1) { totalCount } }", { cookie, ...own });
    assert.equal(refused.status, 401);
    assert.equal(refused.body.data, undefined);
    const status = await sessionStatus(secretary, cookie);
    assert.equal(status.status, 401);
    assert.deepEqual(status.body, { signedIn: false });

    const second = subscribe(socket, "subscription { callDeleted }");
    await eventually("the new operation to be refused", async () => second.errors.length > 0);
    assert.match(JSON.stringify(second.errors), /UNAUTHENTICATED/);
    first.unsubscribe();
    await socket.dispose();
  });

  test("signing out from another site's page is refused", async () => {
    const cookie = await signedInCookie(secretary);
    const response = await fetch(`${secretary.app.url}/api/session`, {
      method: "DELETE",
      headers: { cookie, origin: "https://evil.example" },
    });
    assert.equal(response.status, 403);
    assert.equal((await sessionStatus(secretary, cookie)).body.signedIn, true);
  });

  test("GraphiQL: a browser without a session is sent to sign in; with one it gets GraphiQL, with no token to paste", async () => {
    const page = (headers: Record<string, string>) =>
      fetch(`${secretary.app.url}/graphql`, {
        headers: { accept: "text/html,application/xhtml+xml", ...headers },
        redirect: "manual",
      });
    const away = await page({});
    assert.equal(away.status, 302);
    assert.equal(away.headers.get("location"), "/signin?next=%2Fgraphql");
    await away.body?.cancel();
    const stale = await page({ cookie: `secretary_session=${"B".repeat(43)}` });
    assert.equal(stale.status, 302);
    await stale.body?.cancel();

    const cookie = await signedInCookie(secretary);
    const graphiql = await page({ cookie });
    assert.equal(graphiql.status, 200);
    const html = await graphiql.text();
    assert.match(html, /graphiql/i);
    assert.doesNotMatch(html, /PASTE|Bearer/, "no Authorization placeholder");
    assert.match(html, /signed in/);
    // A developer with the token (any client that sends it) still gets the page too.
    const withToken = await page(bearer());
    assert.equal(withToken.status, 200);
    await withToken.body?.cancel();
  });

  test("the recordings route takes the session cookie too, as an <audio> element sends it", async () => {
    const cookie = await signedInCookie(secretary);
    const withCookie = await fetch(`${secretary.app.url}/recordings/${callId}`, { headers: { cookie } });
    assert.equal(withCookie.status, 404, "signed in: this call simply has no recording");
    await withCookie.body?.cancel();
    const without = await fetch(`${secretary.app.url}/recordings/${callId}`);
    assert.equal(without.status, 401);
    await without.body?.cancel();
  });
});

describe("a session's life", () => {
  const LIFETIME_MS = 3000;
  let secretary: TestSecretary;
  before(async () => {
    secretary = await startSecretary({ offline: true, onDisk: true, timing: { ownerSessionLifetimeMs: LIFETIME_MS } });
  });
  after(() => secretary.dispose());

  test("a session used past half its life is renewed (a new expiry and cookie); one left unused expires and is refused, and its row goes", async () => {
    const { cookie } = await signIn(secretary);
    assert.ok(cookie, "signed in");
    assert.ok(cookie.attributes.includes(`Max-Age=${LIFETIME_MS / 1000}`));
    const first = await sessionStatus(secretary, cookie.pair);
    const renewed = await eventually("a renewal past half the session's life", async () => {
      const answer = await sessionStatus(secretary, cookie.pair);
      assert.equal(answer.status, 200, "still signed in before it expires");
      return answer.cookie ? answer : undefined;
    });
    assert.ok(Date.parse(renewed.body.expiresAt!) > Date.parse(first.body.expiresAt!));
    assert.equal(renewed.cookie?.pair, cookie.pair, "the same session, its cookie kept longer");

    await eventually("the unused session to expire", async () => {
      const { status } = await graphql(secretary, "{ calls(first: 1) { totalCount } }", {
        cookie: cookie.pair,
        origin: secretary.app.url,
      });
      return status === 401;
    });
    assert.equal((await sessionStatus(secretary, cookie.pair)).body.signedIn, false);
    assert.equal(await secretary.app.database.prisma.ownerSession.count(), 0, "the expired row is deleted");
  });

  test("a new API_TOKEN ends every session made with the old one", async () => {
    const cookie = await signedInCookie(secretary);
    await secretary.stop();
    const restarted = await startSecretary({
      offline: true,
      reuse: secretary,
      env: { API_TOKEN: "a-brand-new-api-token-0123456789" },
      timing: { ownerSessionLifetimeMs: 60_000 },
    });
    secretary = restarted;
    const answer = await graphql(restarted, "{ calls(first: 1) { totalCount } }", {
      cookie,
      origin: restarted.app.url,
    });
    assert.equal(answer.status, 401);
    assert.equal((await sessionStatus(restarted, cookie)).body.signedIn, false);
    assert.equal(await restarted.app.database.prisma.ownerSession.count(), 0, "swept at start");
    const fresh = await signIn(restarted, { token: "a-brand-new-api-token-0123456789" });
    assert.equal(fresh.status, 204);
  });
});

describe("behind https, and guessing the token", () => {
  let secretary: TestSecretary;
  before(async () => {
    secretary = await startSecretary({ offline: true, env: { PUBLIC_URL: "https://secretary.example" } });
  });
  after(() => secretary.dispose());

  test("the cookie is Secure, and pages of the public origin may use it though Host names the proxy's target", async () => {
    const { cookie } = await signIn(secretary);
    assert.ok(cookie, "signed in");
    assert.ok(cookie.attributes.includes("Secure"));
    const mutation = `mutation { updateSettings(input: { instructions: "Behind a proxy." }) { change { changedBy } } }`;
    const answer = await graphql(secretary, mutation, { cookie: cookie.pair, origin: "https://secretary.example" });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const plainHttp = await graphql(secretary, mutation, { cookie: cookie.pair, origin: "http://secretary.example" });
    assert.equal(plainHttp.status, 403, "the same host over plain http is another origin");
  });

  // Last on this server: its address is refused for a minute after.
  test("ten wrong tokens in a minute from one address, and the next try is refused with 429 and Retry-After, even the right token", async () => {
    // With no proxy declared (TRUSTED_PROXIES), an X-Forwarded-For is the client's own say: ignored.
    for (let i = 0; i < 10; i += 1) {
      const forged = { "x-forwarded-for": `198.51.100.${i}` };
      assert.equal((await signIn(secretary, { token: `wrong-guess-${i}-0123456789` }, forged)).status, 401);
    }
    const locked = await signIn(secretary);
    assert.equal(locked.status, 429);
    const retryAfter = Number(locked.response.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${retryAfter}`);
    assert.equal(locked.cookie, undefined);
  });
});

describe("dashboard sign-in behind a proxy (TRUSTED_PROXIES=1)", () => {
  let secretary: TestSecretary;
  before(async () => {
    secretary = await startSecretary({
      offline: true,
      env: { PUBLIC_URL: "https://secretary.example", TRUSTED_PROXIES: "1" },
    });
  });
  after(() => secretary.dispose());

  // Every request reaches the server from the proxy's address; the proxy says whose it forwards.
  const from = (address: string, writtenByClient?: string) => ({
    "x-forwarded-for": writtenByClient ? `${writtenByClient}, ${address}` : address,
  });

  test("a guesser is refused by the address the proxy saw, and the owner elsewhere still signs in", async () => {
    const guesser = "203.0.113.7";
    for (let i = 0; i < 10; i += 1)
      assert.equal((await signIn(secretary, { token: `wrong-guess-${i}-0123456789` }, from(guesser))).status, 401);
    assert.equal((await signIn(secretary, undefined, from(guesser))).status, 429, "the guesser waits");
    // What the client writes itself stays to the left of what the proxy appends, and is not read.
    const disguised = await signIn(secretary, undefined, from(guesser, "198.51.100.20"));
    assert.equal(disguised.status, 429, "an address of the client's choosing does not get it out");

    const owner = await signIn(secretary, undefined, from("198.51.100.20"));
    assert.equal(owner.status, 204, owner.text);
    assert.ok(owner.cookie, "the owner is signed in");
  });
});
