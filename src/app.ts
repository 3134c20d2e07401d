import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Duplex } from "node:stream";
import Anthropic from "@anthropic-ai/sdk";
import { AnalysisQueue } from "./calls/analysis-queue.js";
import { AnalysisWorker, type Analyze } from "./calls/analysis-worker.js";
import type { CallEvents } from "./calls/call-events.js";
import { CallStore } from "./calls/call-store.js";
import { analyzeWithClaude } from "./calls/claude-analyzer.js";
import { analyzeTranscriptOffline } from "./calls/offline-analysis.js";
import { OwnerEdits } from "./calls/owner-edits.js";
import { WriteJournal } from "./calls/write-journal.js";
import { WriteQueue } from "./calls/write-queue.js";
import type { Config } from "./config.js";
import { createAgentFactory } from "./conversation/agent-factory.js";
import { CallSession } from "./conversation/call-session.js";
import { type Database, openDatabase } from "./db/database.js";
import { giveUpAfter } from "./give-up-after.js";
import { createLiveCallEvents } from "./graphql/live-call-events.js";
import { createLivePubSub, type LivePubSubHandle } from "./graphql/pubsub.js";
import { createGraphQLServer, GRAPHQL_PATH, GRAPHQL_SSE_PATH } from "./graphql/server.js";
import { keepAliveFetch } from "./http/keep-alive-fetch.js";
import { sendError, sendJson } from "./http/responses.js";
import { loadOrCreateLocalSecrets } from "./local-secrets.js";
import { createLogger, type Logger } from "./logger.js";
import { RelaySocketServer } from "./twilio/relay-socket.js";
import { RelayTickets } from "./twilio/relay-ticket.js";
import { twilioRoutes } from "./twilio/routes.js";
import { TwilioSignatureVerifier } from "./twilio/signature.js";
import { TwilioWebhooks } from "./twilio/webhooks.js";

export interface BuildOptions {
  /** Where PGlite keeps its data when there is no DATABASE_URL; tests pass `memory://`. */
  pgliteDir?: string;
  logger?: Logger;
}

export interface RunningApp {
  /** Where this process listens, e.g. http://127.0.0.1:3000. */
  url: string;
  port: number;
  /** What Twilio is told to call (PUBLIC_URL, or the local address). */
  publicUrl: string;
  twilioAuthToken: string;
  /** The GraphQL API's bearer token (API_TOKEN, or the generated local one). */
  apiToken: string;
  database: Database;
}

export interface App {
  start(): Promise<RunningApp>;
  /** Stops taking calls, finishes queued writes and running analyses, and closes the database. */
  stop(): Promise<void>;
}

// How long a stop waits for the database to take the writes still queued.
const STOP_DRAIN_MS = 5000;
// How long /readyz waits for the database.
const READY_CHECK_MS = 1000;

const TWILIO_WEBHOOKS = new Set<string>([
  twilioRoutes.voice,
  twilioRoutes.relayAction,
  twilioRoutes.dialResult,
  twilioRoutes.status,
]);

/** The whole secretary on one port: Twilio webhooks, the ConversationRelay socket, the GraphQL API, health checks. */
export function buildApp(config: Config, options: BuildOptions = {}): App {
  const logger = options.logger ?? createLogger(config.logLevel);
  let running: { stop(): Promise<void> } | undefined;
  let starting: Promise<RunningApp> | undefined;

  function start(): Promise<RunningApp> {
    starting = startApp();
    return starting;
  }

  async function startApp(): Promise<RunningApp> {
    const { twilioAuthToken, apiToken } = resolveSecrets(config);
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDir: options.pgliteDir ?? path.join(config.dataDir, "pglite"),
      onConnectionLost: (error) =>
        logger.warn({ err: error }, "a database connection was lost; the pool opens a new one"),
    });
    const server = createServer();
    let live: LivePubSubHandle | undefined;
    let opened: ReturnType<typeof WriteJournal.open> | undefined;
    try {
      opened = WriteJournal.open(path.join(config.dataDir, "journal"), logger);
      live = await createLivePubSub({ redisUrl: config.redisUrl, logger });
      await listen(server, config.port);
    } catch (error) {
      await live?.close();
      await opened?.journal.close();
      await database.close();
      throw error;
    }
    const { journal } = opened;
    // From here to the handlers being attached nothing awaits, so no request finds the server deaf.
    const port = (server.address() as AddressInfo).port;
    const publicUrl = config.publicUrl ?? `http://localhost:${port}`;

    const store = new CallStore(database);
    const analyses = new AnalysisQueue(database.prisma);
    const verifier = new TwilioSignatureVerifier(twilioAuthToken, publicUrl);
    const tickets = new RelayTickets(twilioAuthToken, verifier.publicWsUrl);
    const claudeClient = config.anthropicApiKey
      ? new Anthropic({
          apiKey: config.anthropicApiKey,
          baseURL: config.anthropicBaseUrl ?? null,
          maxRetries: 0,
          fetch: keepAliveFetch,
        })
      : undefined;
    const settings = {
      businessName: config.businessName,
      ownerName: config.ownerName,
      instructions: config.secretaryInstructions,
    };

    const liveEvents = createLiveCallEvents(live.pubSub, { logger });
    const events: CallEvents = {
      transcript: (event) => liveEvents.transcript(event),
      callChanged: (callId) => {
        liveEvents.callChanged(callId);
        // A call that changed may have just become due for analysis.
        worker.kick();
      },
      callErased: (callId) => liveEvents.callErased(callId),
    };
    const writes = new WriteQueue({ store, journal, events, logger });
    const worker = new AnalysisWorker({
      queue: analyses,
      store,
      writes,
      events,
      logger,
      analyze: analyzer(claudeClient, config),
      pollMs: config.timing.analysisPollMs,
      abandonedAfterMs: config.timing.abandonedCallAfterMs,
      retryBaseMs: config.timing.analysisRetryBaseMs,
    });

    const createAgent = createAgentFactory({
      claude: claudeClient ? { client: claudeClient, model: config.claudeModel } : undefined,
      settings,
      canTransfer: Boolean(config.ownerPhone),
      firstTokenTimeoutMs: config.timing.firstTokenTimeoutMs,
    });
    const relay = new RelaySocketServer(
      verifier,
      tickets,
      (call, line) =>
        new CallSession(
          { writes, events, logger, timing: config.timing, ownerName: config.ownerName, createAgent, line },
          call,
        ),
      logger,
    );
    const webhooks = new TwilioWebhooks({
      verifier,
      tickets,
      store,
      writes,
      logger,
      settings: { ...settings, ownerPhone: config.ownerPhone },
      production: config.production,
    });
    const graphql = createGraphQLServer({
      prisma: database.prisma,
      pubSub: live.pubSub,
      apiToken,
      production: config.production,
      corsOrigins: config.corsOrigins,
      logger,
      ownerEdits: new OwnerEdits(database.prisma, analyses, events),
    });

    async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
      const pathname = targetPath(request.url);
      if (pathname === undefined) {
        logger.warn({ method: request.method }, "refused a request whose target is not a path");
        return sendError(response, 400, "the request target must be a path");
      }
      if (TWILIO_WEBHOOKS.has(pathname)) {
        if (request.method !== "POST") return sendError(response, 405, "use POST");
        return webhooks.handle(request, response, pathname);
      }
      if (pathname === GRAPHQL_PATH || pathname === GRAPHQL_SSE_PATH) return graphql.handleRequest(request, response);
      if (pathname === "/healthz") return sendJson(response, 200, { status: "ok" });
      if (pathname === "/readyz") return readiness(database, journal, writes, response);
      sendError(response, 404, "not found");
    }
    server.on("request", (request: IncomingMessage, response: ServerResponse) => {
      route(request, response).catch((error: unknown) => {
        logger.error({ err: error, path: request.url }, "request failed");
        if (!response.headersSent) sendError(response, 500, "internal error");
        else response.destroy();
      });
    });
    server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const pathname = targetPath(request.url);
      if (pathname === undefined)
        socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      else if (relay.handles(pathname)) relay.handleUpgrade(request, socket, head);
      else if (pathname === GRAPHQL_PATH) graphql.handleUpgrade(request, socket, head);
      else socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    });

    // What a process that is gone left unconfirmed is safe in this process's journal before its
    // own file goes; it reaches the database behind nothing newer on the same call.
    await writes.recover(opened.recovered, config.timing.resumeGraceMs);
    opened.forget();
    worker.start();
    const livePubSub = live;
    running = {
      // Calls first (their last writes queue up), then the API, then the queues, then storage.
      async stop() {
        await relay.close();
        await graphql.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        // A database that is away does not hold the stop up: what it has not taken stays in the journal.
        await writes.drain(STOP_DRAIN_MS);
        await worker.stop();
        await writes.drain(STOP_DRAIN_MS);
        writes.stop();
        await journal.close();
        liveEvents.close();
        await livePubSub.close();
        await database.close();
      },
    };
    logger.info(
      {
        port,
        publicUrl,
        database: database.kind,
        ...(database.threadPriority && { databaseThread: `${database.threadPriority} CPU priority` }),
        agent: claudeClient ? `claude (${config.claudeModel})` : "offline (no ANTHROPIC_API_KEY)",
        pubSub: config.redisUrl ? "redis" : "in-process",
      },
      "phone secretary listening",
    );
    return { url: `http://127.0.0.1:${port}`, port, publicUrl, twilioAuthToken, apiToken, database };
  }

  async function stop(): Promise<void> {
    // A stop asked for while starting (a signal early on) waits for the start, then undoes it.
    await starting?.catch(() => undefined);
    if (!running) return;
    const current = running;
    running = undefined;
    await current.stop();
    logger.info("phone secretary stopped");
  }

  return { start, stop };
}

/**
 * The path of a request target in origin form ("/twilio/voice?x=1"), as Twilio and browsers send
 * it; undefined for any other form. A full URL (what a client sends a proxy) names a host of its
 * choosing, and the Twilio signature would be checked on a URL nobody signed: it is refused.
 */
function targetPath(target: string | undefined): string | undefined {
  if (!target?.startsWith("/")) return undefined;
  // Appended rather than resolved, so that "//host/path" stays a path and cannot name a host.
  return new URL(`http://localhost${target}`).pathname;
}

/** Configuration guarantees both tokens in production; elsewhere generated ones are kept in DATA_DIR. */
function resolveSecrets(config: Config): { twilioAuthToken: string; apiToken: string } {
  if (config.twilioAuthToken && config.apiToken)
    return { twilioAuthToken: config.twilioAuthToken, apiToken: config.apiToken };
  const local = loadOrCreateLocalSecrets(config.dataDir);
  return {
    twilioAuthToken: config.twilioAuthToken ?? local.twilioAuthToken,
    apiToken: config.apiToken ?? local.apiToken,
  };
}

function analyzer(client: Anthropic | undefined, config: Config): Analyze {
  const offline: Analyze = async (call) =>
    analyzeTranscriptOffline(call.history, {
      callerPhone: call.callerPhone,
      callerName: call.callerName,
      messages: call.messagesTaken,
    });
  if (!client) return offline;
  return (call) =>
    analyzeWithClaude(client, config.claudeModel, {
      history: call.history,
      callerPhone: call.callerPhone,
      businessName: config.businessName,
      ownerName: config.ownerName,
      messagesTaken: call.messagesTaken,
    });
}

/**
 * Ready when the database answers within a second and the journal is keeping up. Answers within
 * that second whatever the database does (a load balancer's check must not hang on it).
 */
async function readiness(
  database: Database,
  journal: WriteJournal,
  writes: WriteQueue,
  response: ServerResponse,
): Promise<void> {
  const backlog = journal.backlog();
  const { appended, appendMs, syncs, syncMs } = journal.stats;
  const journalState = {
    writesNotInDatabase: writes.notInDatabase,
    // What the journal has cost so far (bench:calls reports it per turn).
    writesJournaled: appended,
    appendMs: Number(appendMs.toFixed(3)),
    syncs,
    syncMs: Math.round(syncMs),
    ...(backlog.overLimit && { overLimit: true }),
    ...(backlog.diskFailing && { diskFailing: true }),
  };
  let databaseAnswers: boolean;
  try {
    databaseAnswers = (await giveUpAfter(database.prisma.$queryRaw`SELECT 1`, READY_CHECK_MS)) !== undefined;
  } catch {
    databaseAnswers = false;
  }
  if (!databaseAnswers)
    return sendJson(response, 503, { status: "database unreachable", database: database.kind, journal: journalState });
  if (backlog.overLimit || backlog.diskFailing)
    return sendJson(response, 503, { status: "journal behind", database: database.kind, journal: journalState });
  sendJson(response, 200, { status: "ready", database: database.kind, journal: journalState });
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
