import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import type { PrismaClient } from "@prisma/client";
import { type DocumentNode, type ExecutionArgs, GraphQLError, NoSchemaIntrospectionCustomRule } from "graphql";
import {
  type OperationArgs,
  type ExecutionResult as SseExecutionResult,
  TOKEN_HEADER_KEY,
  TOKEN_QUERY_KEY,
} from "graphql-sse";
import { createHandler as createSseHandler } from "graphql-sse/lib/use/fetch";
import { CloseCode } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { createYoga, type MaskError, maskError, type Plugin } from "graphql-yoga";
import { WebSocketServer } from "ws";
import type { KnowledgeBase } from "../business/knowledge.js";
import { SettingsConflictError, type SettingsStore } from "../business/settings-store.js";
import { SearchQueryError } from "../calls/call-search.js";
import type { CallerData } from "../calls/caller-data.js";
import { NotFoundError, type OwnerEdits } from "../calls/owner-edits.js";
import type { DriverQuery } from "../db/database.js";
import { InputError } from "../input-error.js";
import type { Logger } from "../logger.js";
import type { NotificationChannels } from "../notifications/notification-channels.js";
import { ACTORS, type Access, accessRequest, changesState, type OwnerAccess } from "../owner-access/owner-access.js";
import type { CallCommands } from "./call-commands.js";
import type { GraphQLContext } from "./context.js";
import { errorResponse } from "./error-response.js";
import { LiveSubscribers } from "./live-subscribers.js";
import { useOperationLimits } from "./operation-limits.js";
import { MAX_OPERATIONS_PER_CONNECTION, OperationSlots, tooManyOperations } from "./operations-per-connection.js";
import type { LivePubSub } from "./pubsub.js";
import { limitBody, useRequestBodyLimit } from "./request-body-limit.js";
import { schema } from "./schema.js";
import { useScopeCacheRelease } from "./scope-cache-release.js";

export interface GraphQLServerOptions {
  prisma: PrismaClient;
  driverQuery: DriverQuery;
  pubSub: LivePubSub;
  /** Who may run operations: the API token, or a dashboard session from this server's own pages. */
  access: OwnerAccess;
  production: boolean;
  /** Origins whose pages may call the API from a browser; any other origin gets no CORS headers. */
  corsOrigins: readonly string[];
  logger: Logger;
  ownerEdits: OwnerEdits;
  callerData: CallerData;
  settings: SettingsStore;
  knowledge: KnowledgeBase;
  callCommands: CallCommands;
  notifications: NotificationChannels;
  /** What the owner's links to this server start with (PUBLIC_URL): a call's recording. */
  publicUrl: string;
}

export interface GraphQLServer {
  handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void>;
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** The live subscriptions running now, per root field: for /metrics. */
  liveSubscribers(): Record<string, number>;
  close(): Promise<void>;
}

export const GRAPHQL_PATH = "/graphql";
/** The dashboard's sign-in page, which sends the owner back to `next` once signed in. */
const SIGN_IN_PAGE = "/signin";

const UNAUTHENTICATED = "Missing or invalid API token or session";
const CROSS_SITE = "cross-site request refused";
/**
 * The GraphQL over SSE protocol (graphql-sse), whose single-connection mode reserves a stream with
 * PUT and then runs every operation over it: Yoga's own SSE on GRAPHQL_PATH is one stream per
 * operation (the protocol's distinct-connections mode) and answers that PUT with 405.
 */
export const GRAPHQL_SSE_PATH = "/graphql/stream";

/**
 * `/graphql` over HTTP (POST/GET), SSE (`Accept: text/event-stream`) and graphql-ws, and
 * `/graphql/stream` for graphql-sse clients, with the same schema, limits and token check on every
 * transport.
 */
export function createGraphQLServer(options: GraphQLServerOptions): GraphQLServer {
  const { access } = options;
  const subscribers = new LiveSubscribers();
  // What the token check found for each HTTP request, for its context (a Request is one request).
  const admitted = new WeakMap<Request, Access>();
  const context = (granted: Access | undefined): GraphQLContext => ({
    prisma: options.prisma,
    driverQuery: options.driverQuery,
    pubSub: options.pubSub,
    authenticated: granted?.granted === true,
    ownerEdits: options.ownerEdits,
    callerData: options.callerData,
    settings: options.settings,
    // The owner either way; which way in is recorded with each change.
    actor: granted?.granted ? granted.actor : ACTORS.token,
    knowledge: options.knowledge,
    callCommands: options.callCommands,
    notifications: options.notifications,
    publicUrl: options.publicUrl,
  });

  const yoga = createYoga<{ req: IncomingMessage; res: ServerResponse }, GraphQLContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    cors: allowOrigins(options.corsOrigins),
    // Over graphql-ws there is no Fetch request; onSubscribe supplies the context instead.
    context: ({ request }) => context(request ? admitted.get(request) : undefined),
    // Errors from resolvers reach clients as "Unexpected error." unless they are GraphQLErrors we
    // raised, or the call log's own errors meant for the user.
    maskedErrors: { maskError: withUserErrors },
    graphiql: options.production
      ? false
      : {
          title: "Phone secretary",
          // Its requests are same-origin and carry the session cookie: no header to fill in.
          defaultQuery: GRAPHIQL_DEFAULT_QUERY,
        },
    // GraphiQL's page is a 10 MB script held as a string: loaded for the first browser that asks,
    // not by every server (about 30 MB of heap, and in production GraphiQL is off).
    renderGraphiQL: async (graphiql) => (await import("@graphql-yoga/render-graphiql")).renderGraphiQL(graphiql),
    landingPage: false,
    // useRequestBodyLimit (last among the plugins, as Yoga's own limit runs after them) does the same for less.
    maxRequestBodySize: false,
    logging: yogaLogging(options.logger),
    // The token check comes first, so it covers every request of the graphql-sse protocol too
    // (PUT, the event stream's GET, each operation's POST, DELETE).
    plugins: [
      requireOwner(access, admitted),
      graphqlSse(options.logger),
      ...sharedPlugins(options.production),
      subscribers.plugin(),
      useRequestBodyLimit(),
    ],
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const graphqlWs = useServer<ConnectionParams>(
    {
      // The token arrives in connectionParams (browsers cannot set headers on a WebSocket); a
      // browser's session cookie comes with the upgrade request.
      onConnect: async (ctx) => {
        const granted = await socketAccess(access, ctx.extra.request, ctx.connectionParams);
        if (granted.granted) return true;
        // A page of another site opened it with the owner's cookie: 4403. graphql-ws's client may
        // retry that one, and each retry is refused the same way.
        if (granted.reason === "cross-site") ctx.extra.socket.close(CloseCode.Forbidden, CROSS_SITE);
        // No way in: 4401, not graphql-ws's own 4403 (what returning false sends), which its client
        // retries for half a minute, as access might be granted later. 4401 is one it never retries.
        else ctx.extra.socket.close(CloseCode.Unauthorized, UNAUTHENTICATED);
        return false;
      },
      onSubscribe: async (ctx, _id, payload) => {
        // Checked again per operation, so a connection is never trusted on its first message alone:
        // a session signed out or expired since runs nothing new.
        // graphql-ws has already counted this operation among the connection's; counted before the
        // check below waits for the database, so operations sent together are counted as they come.
        if (Object.keys(ctx.subscriptions).length > MAX_OPERATIONS_PER_CONNECTION) return [tooManyOperations()];
        const granted = await socketAccess(access, ctx.extra.request, ctx.connectionParams);
        if (!granted.granted) {
          return [new GraphQLError(UNAUTHENTICATED, { extensions: { code: "UNAUTHENTICATED" } })];
        }
        const enveloped = yoga.getEnveloped({ req: ctx.extra.request, params: payload });
        const checked = checkOperation(enveloped, payload.query);
        if ("errors" in checked) return checked.errors;
        const args: ExecutionArgs = {
          schema: enveloped.schema,
          document: checked.document,
          operationName: payload.operationName ?? null,
          variableValues: payload.variables ?? null,
          contextValue: { ...(await enveloped.contextFactory()), ...context(granted) },
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
        };
        return args;
      },
      execute: (args) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
    },
    sockets,
  );

  return {
    async handleRequest(request, response) {
      // A browser opening GraphiQL without a session signs in first, and comes back here.
      if (!options.production && opensGraphiQL(request)) {
        const granted = await access.check(accessRequest(request.headers, false));
        if (!granted.granted) {
          response.writeHead(302, {
            location: `${SIGN_IN_PAGE}?next=${encodeURIComponent(GRAPHQL_PATH)}`,
            "cache-control": "no-store",
          });
          response.end();
          return;
        }
      }
      // Yoga answers (and reports its own failures) by itself; a stream runs until it ends.
      void yoga(request, response);
    },
    handleUpgrade(request, socket, head) {
      sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit("connection", ws, request));
    },
    liveSubscribers: () => subscribers.counts(),
    async close() {
      await graphqlWs.dispose();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
    },
  };
}

/** What a graphql-ws client sends in its first message; the token is under the header's name. */
type ConnectionParams = Record<string, unknown>;

/**
 * A graphql-ws connection's way in: the token in connectionParams, or the session cookie of its
 * upgrade request, which must come from this server's own pages whatever the operation.
 */
function socketAccess(
  access: OwnerAccess,
  upgrade: IncomingMessage,
  params: ConnectionParams | undefined,
): Promise<Access> {
  return access.check({ ...accessRequest(upgrade.headers, true), authorization: connectionToken(params) });
}

/** A browser asking for /graphql as a page: what Yoga answers with GraphiQL. */
function opensGraphiQL(request: IncomingMessage): boolean {
  return (
    request.method === "GET" &&
    (request.headers.accept ?? "").includes("text/html") &&
    new URL(request.url ?? "/", "http://localhost").pathname === GRAPHQL_PATH
  );
}

/** `authorization`, or `Authorization` as the HTTP header is usually spelled. */
function connectionToken(params: ConnectionParams | undefined): string | undefined {
  const token = params?.authorization ?? params?.Authorization;
  return typeof token === "string" ? token : undefined;
}

/**
 * Same-origin unless told otherwise: a browser page from an origin not listed gets no CORS headers
 * (so it cannot read an answer), and none of them is ever allowed credentials.
 */
function allowOrigins(origins: readonly string[]) {
  const allowed = new Set(origins);
  return (request: Request) => {
    const origin = request.headers.get("origin");
    if (!origin || !allowed.has(origin)) return false;
    return {
      origin,
      // The token travels in a header, never in a cookie: there is nothing for a browser to send along.
      credentials: false,
      // graphql-sse's single connection reserves its stream with PUT, ends operations with DELETE,
      // and names its stream in a header of its own.
      methods: ["GET", "POST", "PUT", "DELETE"],
      allowedHeaders: ["authorization", "content-type", TOKEN_HEADER_KEY],
    };
  };
}

/**
 * The errors meant for the user, as a client reads them: their message, with a code (a missing call
 * is NOT_FOUND; a search it cannot run, a setting or a knowledge entry it cannot take is
 * BAD_USER_INPUT, with the input's path in `field`; a change on stale settings is CONFLICT).
 * Anything else is masked.
 */
const withUserErrors: MaskError = (error, message, isDev) => {
  const cause = error instanceof GraphQLError ? error.originalError : error;
  const code =
    cause instanceof NotFoundError
      ? "NOT_FOUND"
      : cause instanceof SearchQueryError || cause instanceof InputError
        ? "BAD_USER_INPUT"
        : cause instanceof SettingsConflictError
          ? "CONFLICT"
          : undefined;
  if (!code || !(cause instanceof Error)) return maskError(error, message, isDev);
  const { nodes, source, positions, path } = error instanceof GraphQLError ? error : {};
  const extensions = { code, ...(cause instanceof InputError && { field: cause.field }) };
  return new GraphQLError(cause.message, { nodes, source, positions, path, extensions });
};

type YogaEnveloped = ReturnType<ReturnType<typeof createYoga>["getEnveloped"]>;
type Enveloped = Pick<YogaEnveloped, "execute" | "subscribe">;
/** What a graphql-sse operation runs with: its envelop, and the single connection it is on, if any (its stream token). */
type SseRoot = Enveloped & { stream: string | undefined };

/**
 * Parses and validates an operation through the envelop plugins, for the transports Yoga's own
 * request handling does not run. graphql-armor's limits throw from parse and validate; like a
 * syntax error, they are the client's errors and are returned as such.
 */
function checkOperation(
  enveloped: Pick<YogaEnveloped, "parse" | "validate" | "schema">,
  query: string,
): { document: DocumentNode } | { errors: readonly GraphQLError[] } {
  try {
    const document = enveloped.parse(query);
    const errors = enveloped.validate(enveloped.schema, document);
    return errors.length > 0 ? { errors } : { document };
  } catch (error) {
    return { errors: [error instanceof GraphQLError ? error : new GraphQLError("Invalid query")] };
  }
}

/**
 * graphql-sse on GRAPHQL_SSE_PATH, both of its modes, as a Yoga plugin: the token check before it
 * applies, and operations run through Yoga's envelop as on graphql-ws (limits, masked errors,
 * introspection off in production). Built on the protocol's own handler rather than with
 * @graphql-yoga/plugin-graphql-sse 3.24, which answers an operation refused by graphql-armor (they
 * throw) with a 500 carrying the stack, and any other invalid operation with "Unable to detect
 * operation AST" instead of its errors: graphql-sse 2.6 takes an `{ errors }` result without `data`
 * for execution arguments.
 */
function graphqlSse(logger: Logger): Plugin {
  let handle: ((request: Request) => Promise<Response>) | undefined;
  const slots = new OperationSlots();
  /** An operation on a single connection takes one of its slots; one with a stream of its own needs none. */
  const run = (args: ExecutionArgs, start: (root: SseRoot) => ReturnType<SseRoot["execute" | "subscribe"]>) => {
    const root = args.rootValue as SseRoot;
    return root.stream ? slots.run(root.stream, () => start(root)) : start(root);
  };
  return {
    onYogaInit({ yoga }) {
      handle = createSseHandler<Record<string, unknown>>(
        {
          onSubscribe: async (
            request,
            params,
          ): Promise<OperationArgs<Record<string, unknown>> | SseExecutionResult> => {
            const enveloped = yoga.getEnveloped({ request: request.raw, params });
            // graphql-sse refuses a query that is not a string before this point.
            const checked =
              typeof params.query === "string"
                ? checkOperation(enveloped, params.query)
                : { errors: [new GraphQLError("Invalid query")] };
            if ("errors" in checked) return { data: null, errors: [...checked.errors] };
            const root: SseRoot = {
              execute: enveloped.execute,
              subscribe: enveloped.subscribe,
              stream:
                request.headers.get(TOKEN_HEADER_KEY) ??
                new URL(request.url).searchParams.get(TOKEN_QUERY_KEY) ??
                undefined,
            };
            return {
              schema: enveloped.schema,
              document: checked.document,
              operationName: params.operationName ?? null,
              variableValues: params.variables ?? null,
              contextValue: { ...(await enveloped.contextFactory()) },
              rootValue: root,
            };
          },
          execute: (args) => run(args, (root) => root.execute(args)),
          subscribe: (args) => run(args, (root) => root.subscribe(args)),
        },
        yoga.fetchAPI,
      );
    },
    onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== GRAPHQL_SSE_PATH || !handle) return;
      // Yoga's parsing, where every other request's body is limited, is not reached from here.
      const limited = limitBody(request, fetchAPI);
      if (limited instanceof fetchAPI.Response) return endResponse(limited);
      return handle(limited).then(endResponse, (error: unknown) => {
        logger.error({ err: error }, "graphql-sse request failed");
        endResponse(errorResponse(fetchAPI, 500, "Unexpected error.", "INTERNAL_SERVER_ERROR"));
      });
    },
  };
}

/**
 * Plugins that run through envelop, and so apply to graphql-ws and graphql-sse as well as HTTP:
 * limits against abusive queries, and introspection off in production. (Yoga's HTTP-only plugins
 * would not.)
 */
function sharedPlugins(production: boolean): Plugin[] {
  const plugins: Plugin[] = [
    EnvelopArmorPlugin({
      maxDepth: { n: 10 },
      // Replaced by useOperationLimits' cost, which also counts what variables ask for.
      costLimit: { enabled: false },
      maxAliases: { n: 15 },
      maxTokens: { n: 2000 },
      maxDirectives: { n: 20 },
      blockFieldSuggestion: { enabled: production },
    }),
    useOperationLimits(),
    useScopeCacheRelease(),
  ];
  if (production) {
    plugins.push({ onValidate: ({ addValidationRule }) => addValidationRule(NoSchemaIntrospectionCustomRule) });
  }
  return plugins;
}

/**
 * HTTP, SSE and graphql-sse: without the API token or a session, nothing runs (401), whatever else
 * the request says; a session's cookie on a request that may change something (not GET or HEAD)
 * from a page of another origin runs nothing either (403). The GraphiQL page needs no exception
 * here: outside production Yoga serves it (and only it) to a browser before any plugin of ours sees
 * the request, and `handleRequest` sends a browser without a session to sign in first.
 */
function requireOwner(access: OwnerAccess, admitted: WeakMap<Request, Access>): Plugin {
  return {
    async onRequest({ request, endResponse, fetchAPI }) {
      const granted = await access.check(accessRequest(request.headers, changesState(request.method)));
      if (granted.granted) {
        admitted.set(request, granted);
        return;
      }
      endResponse(
        granted.reason === "cross-site"
          ? errorResponse(fetchAPI, 403, CROSS_SITE, "FORBIDDEN")
          : errorResponse(fetchAPI, 401, UNAUTHENTICATED, "UNAUTHENTICATED", {
              "www-authenticate": 'Bearer realm="phone-secretary"',
            }),
      );
    },
  };
}

type LogLevel = "debug" | "info" | "warn" | "error";

/**
 * Yoga's log lines, through ours. Yoga logs each error it masks: it is logged as `err` with the
 * cause inside the GraphQLError (whose own JSON form has neither message nor stack of it) and where
 * in the operation it arose. Nothing else Yoga hands over goes above debug, so an operation's
 * variables and results, and the transcript text in them, stay out of an info-level log.
 */
function yogaLogging(logger: Logger): Record<LogLevel, (...args: unknown[]) => void> {
  const log =
    (level: "debug" | "warn" | "error") =>
    (...args: unknown[]) => {
      for (const arg of args) {
        if (!(arg instanceof Error)) {
          logger.debug({ yoga: arg }, "graphql");
          continue;
        }
        const cause = arg instanceof GraphQLError && arg.originalError ? arg.originalError : arg;
        const path = arg instanceof GraphQLError ? arg.path?.join(".") : undefined;
        logger[level]({ err: cause, ...(path && { graphqlPath: path }) }, "GraphQL operation failed");
      }
    };
  return { debug: log("debug"), info: log("debug"), warn: log("warn"), error: log("error") };
}

/** What GraphiQL opens with: a query and a subscription that work as they are. */
export const GRAPHIQL_DEFAULT_QUERY = `# Signed in: press run, pick RecentCalls.
query RecentCalls {
  calls(first: 10) {
    totalCount
    edges {
      node { id from startedAt status callerName intent urgency summary }
    }
  }
}

# Watch calls live: select this operation and run it.
subscription LiveCalls {
  callUpdated { id status callerName summary }
}
`;
