import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Duplex } from "node:stream";
import type Anthropic from "@anthropic-ai/sdk";
import { KnowledgeBase, loadKnowledge } from "./business/knowledge.js";
import { searchKnowledge } from "./business/knowledge-search.js";
import { LiveBusiness } from "./business/live-business.js";
import type { BusinessSettings } from "./business/settings.js";
import { initialSettings } from "./business/settings-document.js";
import { SettingsStore } from "./business/settings-store.js";
import { AnalysisQueue } from "./calls/analysis-queue.js";
import { AnalysisWorker, type Analyze } from "./calls/analysis-worker.js";
import type { CallEvents } from "./calls/call-events.js";
import { CallRecordings } from "./calls/call-recordings.js";
import { CallStore } from "./calls/call-store.js";
import { CallerData } from "./calls/caller-data.js";
import { analyzeWithClaude } from "./calls/claude-analyzer.js";
import { MissedCallTextBack } from "./calls/missed-call-text-back.js";
import { analyzeTranscriptOffline } from "./calls/offline-analysis.js";
import { OwnerEdits } from "./calls/owner-edits.js";
import { RecordingDeletions } from "./calls/recording-deletions.js";
import { RetentionWorker } from "./calls/retention-worker.js";
import { WriteJournal } from "./calls/write-journal.js";
import { WriteQueue } from "./calls/write-queue.js";
import { type Config, productionWarnings } from "./config.js";
import { createAgentFactory } from "./conversation/agent-factory.js";
import { CallSession } from "./conversation/call-session.js";
import { LiveCalls } from "./conversation/live-calls.js";
import { spokenLines } from "./conversation/spoken-lines.js";
import { type Database, openDatabase } from "./db/database.js";
import { giveUpAfter } from "./give-up-after.js";
import { CallCommands } from "./graphql/call-commands.js";
import { databaseIdOrUndefined } from "./graphql/global-id.js";
import { createLiveCallEvents } from "./graphql/live-call-events.js";
import { createLivePubSub, type LivePubSub, type LivePubSubHandle } from "./graphql/pubsub.js";
import { createGraphQLServer, GRAPHQL_PATH, GRAPHQL_SSE_PATH, type GraphQLServer } from "./graphql/server.js";
import { keepAliveFetch, keepAliveRequest } from "./http/keep-alive-fetch.js";
import { sendError, sendJson } from "./http/responses.js";
import { DASHBOARD_DIR, loadStaticSite } from "./http/static-site.js";
import { loadOrCreateLocalSecrets } from "./local-secrets.js";
import { createLogger, type Logger } from "./logger.js";
import { METRICS_PATH, metricsEndpoint } from "./metrics/metrics-endpoint.js";
import { PrometheusMetrics } from "./metrics/prometheus-metrics.js";
import { enqueueDueDigests } from "./notifications/daily-digest.js";
import { NotificationChannels } from "./notifications/notification-channels.js";
import { NotificationWorker } from "./notifications/notification-worker.js";
import { NotificationOutbox } from "./notifications/outbox.js";
import { accessRequest, OwnerAccess } from "./owner-access/owner-access.js";
import { OwnerSessions } from "./owner-access/owner-sessions.js";
import { SESSION_PATH, sessionEndpoint } from "./owner-access/session-endpoint.js";
import { SignInThrottle } from "./owner-access/sign-in-throttle.js";
import { notificationSender } from "./senders/send-notification.js";
import { databaseFailure, listenFailure, redisFailure } from "./startup-failure.js";
import { CallDrain } from "./twilio/call-drain.js";
import { RECORDINGS_PATH, serveRecordingAudio, TwilioRecordings } from "./twilio/recordings.js";
import { RelaySocketServer } from "./twilio/relay-socket.js";
import { RelayTickets } from "./twilio/relay-ticket.js";
import { twilioRoutes } from "./twilio/routes.js";
import { TwilioSignatureVerifier } from "./twilio/signature.js";
import { TwilioTextMessages } from "./twilio/text-messages.js";
import { TwilioWebhooks } from "./twilio/webhooks.js";

export interface BuildOptions {
  /** Where PGlite keeps its data when there is no DATABASE_URL; tests pass `memory://`. */
  pgliteDir?: string;
  logger?: Logger;
  /**
   * Replaces some of the settings a new database starts with (tests: a language, short silences);
   * unchecked, and never over settings already stored.
   */
  settings?: Partial<BusinessSettings>;
  /**
   * Where Twilio's REST API is reached instead of https://api.twilio.com (tests: a local stand-in);
   * used only with TWILIO_ACCOUNT_SID.
   */
  twilioRestUrl?: string;
  /** Where the built dashboard is read from (tests: a directory of their own); by default dist/dashboard. */
  dashboardDir?: string;
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
  /**
   * Stops taking calls and hands the live ones back to Twilio to hold (answering HTTP until their
   * callbacks are answered), finishes queued writes and running analyses, and closes the database.
   */
  stop(): Promise<void>;
}

// How long a stop waits for the database to take the writes still queued.
const STOP_DRAIN_MS = 5000;
// How often each process reads the business's settings again, in case an announcement of a change
// did not reach it (Redis is at-most-once): a minute at most of a stale greeting, for one cheap read.
const BUSINESS_REFRESH_MS = 60_000;
// How long /readyz waits for the database.
const READY_CHECK_MS = 1000;

/**
 * What the API answers under these paths, so that no path below them falls back to the dashboard's
 * page: a mistyped API URL gets the API's 404.
 */
const API_PATHS = [GRAPHQL_PATH, "/twilio", "/api", "/healthz", "/readyz", METRICS_PATH, RECORDINGS_PATH];

const TWILIO_WEBHOOKS = new Set<string>([
  twilioRoutes.voice,
  twilioRoutes.relayAction,
  twilioRoutes.dialResult,
  twilioRoutes.whisper,
  twilioRoutes.status,
  twilioRoutes.recordingStatus,
  twilioRoutes.resume,
]);

// How long the requests still in flight may take once the port is closed, before they are cut.
const REQUESTS_FINISH_MS = 2000;

/** The whole secretary on one port: Twilio webhooks, the ConversationRelay socket, the GraphQL API, health checks. */
export function buildApp(config: Config, options: BuildOptions = {}): App {
  const logger = options.logger ?? createLogger(config.logLevel);
  let running: { stop(): Promise<void> } | undefined;

  async function start(): Promise<RunningApp> {
    const { twilioAuthToken, apiToken } = resolveSecrets(config);
    // The port first, so that a restarted server is there at once: what comes in while it opens its
    // database (a call held during the restart, coming back) waits for it instead of being refused.
    const server = createServer();
    const held = holdRequests(server);
    await listen(server, config.port, config.host).catch((error: unknown) => {
      throw listenFailure(error, config.host, config.port);
    });
    const stopListening = async () => {
      held.refuse();
      await closeServer(server, 0);
    };
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDir: options.pgliteDir ?? path.join(config.dataDir, "pglite"),
      onConnectionLost: (error) =>
        logger.warn({ err: error }, "a database connection was lost; the pool opens a new one"),
    }).catch(async (error: unknown) => {
      await stopListening();
      throw databaseFailure(error, config.databaseUrl);
    });
    const settingsStore = new SettingsStore(
      database.prisma,
      { ...initialSettings(config), ...options.settings },
      async () => {
        livePubSub.pubSub.publish("business:changed", { what: "settings" });
        await business.changed();
      },
      { recording: Boolean(config.twilioAccountSid) },
    );
    let opened: ReturnType<typeof WriteJournal.open> | undefined;
    let live: LivePubSubHandle | undefined;
    let business: LiveBusiness;
    try {
      opened = WriteJournal.open(path.join(config.dataDir, "journal"), logger);
      const { redisUrl } = config;
      live = await createLivePubSub({ redisUrl, logger }).catch((error: unknown) => {
        throw redisUrl ? redisFailure(error, redisUrl) : error;
      });
      // Whom the calls are answered for, in memory before the first call.
      business = await LiveBusiness.open({
        load: async () => {
          const [stored, knowledge] = await Promise.all([settingsStore.read(), loadKnowledge(database.prisma)]);
          return { settings: stored.settings, settingsVersion: stored.version, knowledge };
        },
        logger,
        refreshMs: BUSINESS_REFRESH_MS,
      });
    } catch (error) {
      await opened?.journal.close();
      await live?.close();
      await stopListening();
      await database.close();
      throw error;
    }
    const livePubSub = live;
    const businessChanges = followBusinessChanges(livePubSub.pubSub, business);
    const { journal, recovered, forget } = opened;
    const port = (server.address() as AddressInfo).port;
    const publicUrl = config.publicUrl ?? `http://localhost:${port}`;

    const store = new CallStore(database);
    const analyses = new AnalysisQueue(database.prisma);
    const metrics = new PrometheusMetrics();
    const verifier = new TwilioSignatureVerifier(twilioAuthToken, publicUrl);
    const tickets = new RelayTickets(twilioAuthToken, verifier.publicWsUrl);
    const drain = new CallDrain();
    // What a call's streamed rounds need of Claude (claude-stream.ts): where, and the key. The SDK
    // itself (about 5 MB of heap once loaded) serves only the analysis, and is loaded for the first.
    const claudeEndpoint = config.anthropicApiKey
      ? { apiKey: config.anthropicApiKey, baseURL: config.anthropicBaseUrl ?? ANTHROPIC_API, authToken: null }
      : undefined;
    // Texts go from the business's number through Twilio's Messages API, with the account's credentials.
    const texts = config.twilioAccountSid
      ? new TwilioTextMessages({
          accountSid: config.twilioAccountSid,
          authToken: twilioAuthToken,
          restBaseUrl: options.twilioRestUrl,
        })
      : undefined;
    // Recordings are fetched and deleted with the account's credentials: without them no call is
    // recorded (nor said to be, whatever the setting says), and there is nothing to delete.
    const recordingArchive = config.twilioAccountSid
      ? new TwilioRecordings({
          accountSid: config.twilioAccountSid,
          authToken: twilioAuthToken,
          restBaseUrl: options.twilioRestUrl,
        })
      : undefined;
    // One copy for each snapshot of the settings, not one for each call: a call's prompt is built
    // once for all the calls that share its settings (system-prompt.ts).
    const withoutRecording = new WeakMap<BusinessSettings, BusinessSettings>();
    const callSettings = (): BusinessSettings => {
      const settings = business.settings;
      if (recordingArchive) return settings;
      let copy = withoutRecording.get(settings);
      if (!copy) {
        copy = { ...settings, recordCalls: false };
        withoutRecording.set(settings, copy);
      }
      return copy;
    };
    const recordings = new CallRecordings(database.prisma);
    const recordingDeletions =
      recordingArchive &&
      new RecordingDeletions({
        prisma: database.prisma,
        archive: recordingArchive,
        logger,
        pollMs: config.timing.recordingDeletionPollMs,
        retryBaseMs: config.timing.recordingDeletionRetryBaseMs,
      });
    const liveEvents = createLiveCallEvents(livePubSub.pubSub, { logger });
    const events: CallEvents = {
      transcript: (event) => liveEvents.transcript(event),
      transcriptWanted: (callId) => liveEvents.transcriptWanted(callId),
      callChanged: (callId) => {
        liveEvents.callChanged(callId);
        // A call that changed may have just become due for analysis, or owe the owner a notification.
        worker.kick();
        notifier.kick();
      },
      callErased: (callId) => {
        liveEvents.callErased(callId);
        // Its recording, if it had one, is now due for deletion at Twilio.
        recordingDeletions?.kick();
      },
    };
    const writes = new WriteQueue({ store, journal, events, logger, metrics });
    const worker = new AnalysisWorker({
      queue: analyses,
      store,
      writes,
      events,
      logger,
      metrics,
      analyze: analyzer(claudeEndpoint, config.claudeModel, () => business.settings),
      textBack:
        texts &&
        new MissedCallTextBack({
          prisma: database.prisma,
          messenger: texts,
          business: () => business.settings,
          text: (settings) => spokenLines(settings.voice.language).missedCallText(settings.businessName),
          logger,
        }),
      pollMs: config.timing.analysisPollMs,
      abandonedAfterMs: config.timing.abandonedCallAfterMs,
      retryBaseMs: config.timing.analysisRetryBaseMs,
    });
    // What the owner reads: links to the call on PUBLIC_URL, times on the business's clock.
    const reader = () => ({ publicUrl, timeZone: business.settings.timeZone });
    const outbox = new NotificationOutbox(database.prisma);
    const sendNotification = notificationSender(texts);
    const notifier = new NotificationWorker({
      outbox,
      send: sendNotification,
      reader,
      logger,
      pollMs: config.timing.notificationPollMs,
      retryBaseMs: config.timing.notificationRetryBaseMs,
      digests: {
        everyMs: config.timing.digestCheckMs,
        enqueueDue: () => enqueueDueDigests(database.prisma, new Date(), business.settings.timeZone),
      },
    });

    const ownerEdits = new OwnerEdits(database.prisma, analyses, events);
    const retention = new RetentionWorker({
      retentionDays: () => business.settings.retentionDays,
      edits: ownerEdits,
      logger,
      pollMs: config.timing.retentionPollMs,
      batchPauseMs: config.timing.retentionBatchPauseMs,
    });

    const createAgent = createAgentFactory({
      claude: claudeEndpoint
        ? { client: claudeEndpoint, request: keepAliveRequest, model: config.claudeModel }
        : undefined,
      knowledge: () => business.current.knowledge,
      searchKnowledge: (query) =>
        searchKnowledge(database.prisma, query).catch((error: unknown) => {
          logger.warn({ err: error }, "the knowledge base search failed");
          throw error;
        }),
      timing: config.timing,
      metrics,
    });
    // The owner's commands for live calls (guideCall…), from whichever process the API request reached.
    const liveCalls = new LiveCalls();
    const callCommands = new CallCommands(livePubSub.pubSub, liveCalls, logger, {
      answerTimeoutMs: config.timing.callControlTimeoutMs,
    });
    callCommands.start();
    const relay = new RelaySocketServer(
      verifier,
      tickets,
      (call, line) =>
        new CallSession(
          {
            writes,
            events,
            logger,
            timing: config.timing,
            business: callSettings,
            createAgent,
            line,
            texts,
            liveCalls,
            metrics,
          },
          call,
        ),
      drain,
      logger,
    );
    const webhooks = new TwilioWebhooks({
      verifier,
      tickets,
      store,
      writes,
      logger,
      business: callSettings,
      production: config.production,
      drain,
      restartPauseSeconds: config.restartPauseSeconds,
      recordings,
    });
    // The owner's way in: the API token, or a dashboard session made with it.
    const sessions = new OwnerSessions(database.prisma, apiToken, config.timing.ownerSessionLifetimeMs);
    // Sessions expired while no process ran, or made with an API token since changed.
    await sessions.sweep();
    const publicOrigin = new URL(publicUrl).origin;
    const access = new OwnerAccess(sessions, apiToken, publicOrigin);
    const serveSession = sessionEndpoint({
      sessions,
      apiToken,
      secureCookies: publicOrigin.startsWith("https:"),
      publicOrigin,
      throttle: new SignInThrottle(),
      trustedProxies: config.trustedProxies,
      logger,
    });
    const dashboard = await loadStaticSite(options.dashboardDir ?? DASHBOARD_DIR);
    if (!dashboard.built)
      logger.warn(
        { dashboardDir: options.dashboardDir ?? DASHBOARD_DIR },
        "the dashboard is not built: `/` says so until `npm run build:dashboard` is run and the server restarted",
      );
    const graphql = createGraphQLServer({
      prisma: database.prisma,
      driverQuery: database.query,
      pubSub: livePubSub.pubSub,
      access,
      production: config.production,
      corsOrigins: config.corsOrigins,
      logger,
      ownerEdits,
      callerData: new CallerData(database.prisma, ownerEdits, logger),
      settings: settingsStore,
      knowledge: new KnowledgeBase(database.prisma, async () => {
        livePubSub.pubSub.publish("business:changed", { what: "knowledge" });
        await business.changed();
      }),
      callCommands,
      notifications: new NotificationChannels(database.prisma, sendNotification, reader, texts !== undefined),
      publicUrl,
    });
    readAtScrape(metrics, { liveCalls, writes, analyses, outbox, graphql });
    const serveMetrics = metricsEndpoint(metrics, config.metricsToken);

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
      if (pathname.startsWith(RECORDINGS_PATH))
        return serveRecordingAudio(request, response, pathname, {
          authorized: async (request) => (await access.check(accessRequest(request.headers, false))).granted,
          recordingOf: async (callId) => {
            const id = databaseIdOrUndefined("Call", callId);
            return id === undefined ? undefined : (await recordings.ofCall(id))?.recordingSid;
          },
          recordings: recordingArchive,
          logger,
        });
      if (pathname === "/healthz") return sendJson(response, 200, { status: "ok" });
      if (pathname === "/readyz") return readiness(database, journal, writes, response);
      if (pathname === METRICS_PATH) return serveMetrics(request, response);
      if (pathname === SESSION_PATH) return serveSession(request, response);
      if ((request.method === "GET" || request.method === "HEAD") && !isApiPath(pathname))
        return dashboard.serve(request, response, pathname);
      sendError(response, 404, "not found");
    }
    // What a process that is gone left unconfirmed is safe in this process's journal before its
    // own file goes, and queued before anything this process is asked: a call it left comes back
    // to its record behind its own last words.
    await writes.recover(recovered, config.timing.resumeGraceMs);
    forget();
    held.serve({
      request(request: IncomingMessage, response: ServerResponse) {
        route(request, response).catch((error: unknown) => {
          // The path only: a callback URL's query can carry what a caller said (a transfer's briefing).
          logger.error({ err: error, path: targetPath(request.url) }, "request failed");
          if (!response.headersSent) sendError(response, 500, "internal error");
          else response.destroy();
        });
      },
      upgrade(request: IncomingMessage, socket: Duplex, head: Buffer) {
        const pathname = targetPath(request.url);
        if (pathname === undefined)
          socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        else if (relay.handles(pathname)) relay.handleUpgrade(request, socket, head);
        else if (pathname === GRAPHQL_PATH) graphql.handleUpgrade(request, socket, head);
        else socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      },
    });

    worker.start();
    notifier.start();
    recordingDeletions?.start();
    retention.start();
    running = {
      // Calls first (their last writes queue up, and Twilio is told to hold them), then the API,
      // then the queues, then storage.
      async stop() {
        drain.begin();
        await relay.close();
        const unanswered = await drain.callbacksAnswered(config.timing.stopCallbackWaitMs);
        if (unanswered.length > 0) logger.warn({ calls: unanswered.length }, "stopping without their callbacks");
        await graphql.close();
        await closeServer(server, REQUESTS_FINISH_MS);
        callCommands.stop();
        // A database that is away does not hold the stop up: what it has not taken stays in the journal.
        await writes.drain(STOP_DRAIN_MS);
        await worker.stop();
        await recordingDeletions?.stop();
        await retention.stop();
        await writes.drain(STOP_DRAIN_MS);
        // After the analyses and the writes, which owe notifications; the send under way is finished
        // (a process killed mid-send leaves a lease that runs out, and another sends the row again).
        await notifier.stop();
        writes.stop();
        await journal.close();
        liveEvents.close();
        businessChanges.stop();
        business.stop();
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
        agent: claudeEndpoint ? `claude (${config.claudeModel})` : "offline (no ANTHROPIC_API_KEY)",
        pubSub: config.redisUrl ? "redis" : "in-process",
        texting: texts
          ? "on (Twilio's Messages API)"
          : "off (no TWILIO_ACCOUNT_SID): no send_text during calls, no missed-call text-back",
        metrics: config.metricsToken ? `${METRICS_PATH} (token required)` : `${METRICS_PATH} (open)`,
      },
      "phone secretary listening",
    );
    for (const warning of productionWarnings(config)) logger.warn(warning);
    return { url: `http://${localAddress(config.host)}:${port}`, port, publicUrl, twilioAuthToken, apiToken, database };
  }

  async function stop(): Promise<void> {
    if (!running) return;
    const current = running;
    running = undefined;
    await current.stop();
    logger.info("phone secretary stopped");
  }

  return { start, stop };
}

/** Whether `pathname` is an API route or under one (`/twilio/unknown`), never a page of the dashboard. */
function isApiPath(pathname: string): boolean {
  return API_PATHS.some((prefix) => {
    const bare = prefix.replace(/\/$/, "");
    return pathname === bare || pathname.startsWith(`${bare}/`);
  });
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

/** Claude's API when `ANTHROPIC_BASE_URL` is unset, as the SDK has it. */
const ANTHROPIC_API = "https://api.anthropic.com";

function analyzer(
  endpoint: Pick<Anthropic, "apiKey" | "baseURL"> | undefined,
  model: string,
  settings: () => BusinessSettings,
): Analyze {
  const offline: Analyze = async (call) =>
    analyzeTranscriptOffline(call.history, {
      callerPhone: call.callerPhone,
      callerName: call.callerName,
      messages: call.messagesTaken,
    });
  if (!endpoint) return offline;
  let sdk: Promise<Anthropic> | undefined;
  const client = () =>
    (sdk ??= import("@anthropic-ai/sdk").then(
      ({ default: Anthropic }) =>
        new Anthropic({ apiKey: endpoint.apiKey, baseURL: endpoint.baseURL, maxRetries: 0, fetch: keepAliveFetch }),
    ));
  return async (call) =>
    analyzeWithClaude(await client(), model, {
      history: call.history,
      callerPhone: call.callerPhone,
      businessName: settings().businessName,
      ownerName: settings().ownerName,
      messagesTaken: call.messagesTaken,
    });
}

/**
 * Reads the business again whenever a process announces a change, until `stop`. (The process that
 * made it has read it already; one more read costs nothing.)
 */
function followBusinessChanges(pubSub: LivePubSub, business: LiveBusiness): { stop(): void } {
  const announcements = pubSub.subscribe("business:changed");
  void (async () => {
    for await (const _change of announcements) void business.changed();
  })();
  return { stop: () => void announcements.return?.() };
}

/**
 * The depths /metrics reads when scraped, rather than keeping them up to date as things happen.
 * (A further queue is one more line here: a gauge reading its depth.)
 */
function readAtScrape(
  metrics: PrometheusMetrics,
  sources: {
    liveCalls: LiveCalls;
    writes: WriteQueue;
    analyses: AnalysisQueue;
    outbox: NotificationOutbox;
    graphql: GraphQLServer;
  },
): void {
  metrics.readAtScrape({
    name: "secretary_live_calls",
    help: "Call sessions this process holds now.",
    read: () => sources.liveCalls.size,
  });
  metrics.readAtScrape({
    name: "secretary_call_log_writes_pending",
    help: "Call-log writes this process made that the database does not have yet (journaled meanwhile).",
    read: () => sources.writes.notInDatabase,
  });
  metrics.readAtScrapeByLabel({
    name: "secretary_analysis_queue_depth",
    help: "Post-call analyses waiting (pending) and under way (running), across all processes (read from the database).",
    label: "state",
    read: () => sources.analyses.depth(),
  });
  metrics.readAtScrape({
    name: "secretary_notification_outbox_depth",
    help: "Notifications owed (pending, retrying or held by quiet hours), across all processes (read from the database).",
    read: () => sources.outbox.pending(),
  });
  metrics.readAtScrapeByLabel({
    name: "secretary_live_subscribers",
    help: "Live GraphQL subscriptions on this process, by subscription field.",
    label: "subscription",
    read: () => sources.graphql.liveSubscribers(),
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
  const { appended, writes: fileWrites, writeMs, syncs, syncMs } = journal.stats;
  const journalState = {
    writesNotInDatabase: writes.notInDatabase,
    // What the journal has cost so far (bench:calls reports it per turn).
    writesJournaled: appended,
    fileWrites,
    writeMs: Number(writeMs.toFixed(3)),
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

interface Handlers {
  request(request: IncomingMessage, response: ServerResponse): void;
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
}

/**
 * Holds what comes in to a server that listens before it is ready: `serve` attaches the handlers
 * and passes them what was held, in order; `refuse` drops it.
 */
function holdRequests(server: Server): { serve(handlers: Handlers): void; refuse(): void } {
  const held: ((handlers: Handlers | undefined) => void)[] = [];
  const holdRequest = (request: IncomingMessage, response: ServerResponse) =>
    held.push((handlers) => (handlers ? handlers.request(request, response) : response.destroy()));
  const holdUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) =>
    held.push((handlers) => (handlers ? handlers.upgrade(request, socket, head) : socket.destroy()));
  server.on("request", holdRequest);
  server.on("upgrade", holdUpgrade);
  const release = (handlers: Handlers | undefined) => {
    server.off("request", holdRequest);
    server.off("upgrade", holdUpgrade);
    if (handlers) {
      server.on("request", handlers.request);
      server.on("upgrade", handlers.upgrade);
    }
    for (const next of held.splice(0)) next(handlers);
  };
  return { serve: release, refuse: () => release(undefined) };
}

/** Closes the port at once and the connections once their requests are answered, or after `graceMs`. */
function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Where this process reaches itself: the HOST it listens on, or the loopback when it listens on every interface. */
function localAddress(host: string | undefined): string {
  if (host === undefined || host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
