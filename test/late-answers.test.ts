import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { Client, fetchExchange, gql, type OperationResult } from "urql";
import { lateAnswersExchange } from "../src/dashboard/late-answers.js";
import { eventually } from "./support/wait.js";

const CALL = gql`
  query Call($id: ID!) {
    call(id: $id) {
      id
    }
  }
`;

interface HeldLoad {
  id: string;
  answer(): void;
  /** The page gave up on it: the request was aborted, its connection closed. */
  abandoned: boolean;
}

/**
 * A GraphQL server over HTTP that answers a load only when the test says so: a slow network, with
 * loads on their way for as long as the test needs.
 */
async function startHeldAnswers(): Promise<{ url: string; loads: HeldLoad[]; close(): Promise<void> }> {
  const loads: HeldLoad[] = [];
  const server = http.createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    const { variables } = JSON.parse(body) as { variables: { id: string } };
    const load: HeldLoad = {
      id: variables.id,
      abandoned: false,
      answer: () => {
        response.writeHead(200, { "content-type": "application/graphql-response+json" });
        response.end(JSON.stringify({ data: { call: { __typename: "Call", id: variables.id } } }));
      },
    };
    response.on("close", () => {
      load.abandoned = !response.writableFinished;
    });
    loads.push(load);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    loads,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe("the dashboard's late answers (a load sent again when its answer may predate a change)", () => {
  let server: Awaited<ReturnType<typeof startHeldAnswers>>;
  before(async () => {
    server = await startHeldAnswers();
  });
  after(() => server.close());

  /** urql as the dashboard has it, the late answers between its cache and the network. */
  function dashboardClient(droppedLists: EventTarget) {
    const lateAnswers = lateAnswersExchange(droppedLists);
    const client = new Client({
      url: server.url,
      preferGetMethod: false,
      requestPolicy: "network-only",
      exchanges: [lateAnswers.exchange, fetchExchange],
    });
    return { lateAnswers, client };
  }

  const loadOf = (id: string, nth = 1) =>
    eventually(`the load of ${id} (${nth})`, async () => server.loads.filter((load) => load.id === id)[nth - 1]);

  test("a load the page gave up on before its answer came is forgotten: a tab left open through many keeps none of them", async () => {
    const { lateAnswers, client } = dashboardClient(new EventTarget());
    // The owner opens call after call, each page left before it had loaded.
    for (const id of ["left-1", "left-2", "left-3", "left-4", "left-5"]) {
      const page = client.query(CALL, { id }).subscribe(() => undefined);
      const load = await loadOf(id);
      page.unsubscribe();
      await eventually(`the load of ${id} aborted`, async () => load.abandoned);
    }
    assert.equal(lateAnswers.loadsOnTheirWay, 0);
    lateAnswers.dispose();
  });

  test("a load on its way when the live connection opens, or when a list it shows is dropped, is sent again once answered; then nothing is left of it", async () => {
    const droppedLists = new EventTarget();
    const { lateAnswers, client } = dashboardClient(droppedLists);
    for (const [id, change] of [
      ["opened", () => lateAnswers.connectionOpened()],
      ["dropped", () => droppedLists.dispatchEvent(new CustomEvent("dropped", { detail: ["call"] }))],
    ] as const) {
      const results: OperationResult[] = [];
      const page = client.query(CALL, { id }).subscribe((result) => results.push(result));
      const first = await loadOf(id);
      change();
      first.answer();
      const again = await loadOf(id, 2);
      assert.equal(lateAnswers.loadsOnTheirWay, 1, "the load sent again");
      again.answer();
      // urql shows the first answer as stale meanwhile: the second is the one that is not.
      await eventually(`the second answer for ${id}`, async () => results.some((result) => !result.stale));
      assert.equal(lateAnswers.loadsOnTheirWay, 0);
      page.unsubscribe();
    }
    assert.equal(server.loads.length, 5 + 4);
    lateAnswers.dispose();
  });
});
