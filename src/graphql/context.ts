import type { PrismaClient } from "@prisma/client";
import type { KnowledgeBase } from "../business/knowledge.js";
import type { SettingsStore } from "../business/settings-store.js";
import type { CallerData } from "../calls/caller-data.js";
import type { OwnerEdits } from "../calls/owner-edits.js";
import type { DriverQuery } from "../db/database.js";
import type { NotificationChannels } from "../notifications/notification-channels.js";
import type { CallCommands } from "./call-commands.js";
import type { LivePubSub } from "./pubsub.js";

/** What every resolver gets, on HTTP, SSE and graphql-ws alike. */
export interface GraphQLContext {
  prisma: PrismaClient;
  /**
   * One statement straight through the database driver, for reads made on every request of a
   * list screen (the call list), where Prisma's query pipeline costs more CPU than the rest of the
   * request's execution.
   */
  driverQuery: DriverQuery;
  pubSub: LivePubSub;
  /** The request carried the API token; checked before execution, and again by scope-auth. */
  authenticated: boolean;
  /** Every change the API makes to the call log goes through here. */
  ownerEdits: OwnerEdits;
  settings: SettingsStore;
  /** Who is asking, as the settings history records it. */
  actor: string;
  /** Every change the API makes to the knowledge base goes through here. */
  knowledge: KnowledgeBase;
  /** A caller's access and erasure requests (callerData, eraseCaller) go through here. */
  callerData: CallerData;
  /** Commands for live calls reach the process holding the call through here. */
  callCommands: CallCommands;
  /** The owner's notification channels: their changes, and test sends. */
  notifications: NotificationChannels;
  /** PUBLIC_URL: links to this server (a call's recording) start with it. */
  publicUrl: string;
}
