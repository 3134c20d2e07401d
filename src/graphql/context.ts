import type { PrismaClient } from "@prisma/client";
import type { LivePubSub } from "./pubsub.js";

/** What every resolver gets, on HTTP, SSE and graphql-ws alike. */
export interface GraphQLContext {
  prisma: PrismaClient;
  pubSub: LivePubSub;
  /** The request carried the API token; checked before execution, and again by scope-auth. */
  authenticated: boolean;
  /** Asks the analysis worker to look for due work now (after a re-run is requested). */
  kickAnalysis(): void;
}
