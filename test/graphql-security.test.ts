// What an attacker tried against the API, and what they must find: nothing runs without the token
// whatever the request looks like.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startSecretary, type TestSecretary } from "./support/secretary.js";

const PRODUCTION_TOKEN = "production-api-token-0123456789";

/** A GET of `/graphql` with the operation in the URL, as a browser's address bar or an <img> would send it. */
function get(secretary: TestSecretary, query: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${secretary.app.url}/graphql?query=${encodeURIComponent(query)}`, { headers });
}

describe("a request without the token, in production", () => {
  let secretary: TestSecretary;
  before(async () => {
    secretary = await startSecretary({
      env: { NODE_ENV: "production", API_TOKEN: PRODUCTION_TOKEN, PUBLIC_URL: "https://secretary.example" },
    });
  });
  after(() => secretary.dispose());

  test("runs nothing, whatever its Accept header: no query answered, no subscription stream opened", async () => {
    for (const accept of ["text/html", "text/html, application/json", "text/html, application/graphql-response+json"]) {
      const response = await get(secretary, "{ __typename }", { accept });
      const body = await response.text();
      assert.equal(response.status, 401, `Accept: ${accept}`);
      assert.doesNotMatch(body, /"data"/, `Accept: ${accept}`);
    }
    const stream = await get(secretary, "subscription { callUpdated { id } }", {
      accept: "text/html, text/event-stream",
    });
    assert.equal(stream.status, 401);
    assert.doesNotMatch(stream.headers.get("content-type") ?? "", /event-stream/);
    await stream.body?.cancel();
  });
});

describe("GraphiQL outside production", () => {
  let secretary: TestSecretary;
  before(async () => {
    secretary = await startSecretary();
  });
  after(() => secretary.dispose());

  test("a browser gets the page without the token, and nothing else: an operation in its URL is not run", async () => {
    const page = await get(secretary, "{ __typename }", { accept: "text/html,application/xhtml+xml" });
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    const html = await page.text();
    assert.match(html, /graphiql/i);
    assert.doesNotMatch(html, /"__typename":"Query"/);
    const stream = await get(secretary, "subscription { callUpdated { id } }", {
      accept: "text/html, text/event-stream",
    });
    assert.doesNotMatch(stream.headers.get("content-type") ?? "", /event-stream/);
    await stream.body?.cancel();
  });
});
