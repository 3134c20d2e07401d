import type { IncomingHttpHeaders } from "node:http";
import { bearerTokenChecker } from "../http/bearer-token.js";
import { readCookie } from "../http/cookies.js";
import { fromOwnOrigin } from "../http/same-origin.js";
import type { OwnerSessions } from "./owner-sessions.js";

/** The dashboard's session cookie. */
export const SESSION_COOKIE = "secretary_session";

/** Who is asking, as the settings history records it. */
export const ACTORS = { token: "owner (API token)", session: "owner (dashboard session)" } as const;

/** What a request (or a WebSocket's upgrade) carries that may let the owner in. */
export interface AccessRequest {
  /** `Authorization: Bearer …` (on graphql-ws: from connectionParams). */
  authorization: string | undefined;
  cookie: string | undefined;
  origin: string | undefined;
  host: string | undefined;
  secFetchSite: string | undefined;
  /**
   * Whether a cookie may only come from this server's own pages: for anything that can change
   * something (not GET or HEAD), and for a WebSocket, which carries operations of every kind.
   */
  mustBeSameOrigin: boolean;
}

export type Access =
  | { granted: true; actor: string }
  /** No token and no session, or a wrong one. */
  | { granted: false; reason: "unauthenticated" }
  /** A cookie sent along by a page of another origin: refused before it is even looked up. */
  | { granted: false; reason: "cross-site" };

/** The facts of an HTTP request's headers that AccessRequest needs. */
export function accessRequest(headers: IncomingHttpHeaders | Headers, mustBeSameOrigin: boolean): AccessRequest {
  const get = (name: string): string | undefined => {
    // A Fetch Headers (Yoga's may be a ponyfill's, not this runtime's class), or Node's own.
    if (typeof headers.get === "function") return (headers as Headers).get(name) ?? undefined;
    const value = (headers as IncomingHttpHeaders)[name];
    return Array.isArray(value) ? value.join(", ") : value;
  };
  return {
    authorization: get("authorization"),
    cookie: get("cookie"),
    origin: get("origin"),
    host: get("host"),
    secFetchSite: get("sec-fetch-site"),
    mustBeSameOrigin,
  };
}

/** Whether a request method may change something, so that a cookie must come from our own pages. */
export const changesState = (method: string | undefined): boolean => method !== "GET" && method !== "HEAD";

/**
 * The owner's two ways in: the API token (a bearer header, for programs and frontends elsewhere)
 * and a dashboard session (a cookie, for the owner's browser). A cookie is something a browser
 * sends whichever page asks, so a request that relies on it must come from this server's origin.
 */
export class OwnerAccess {
  private readonly tokenMatches: (header: string | null | undefined) => boolean;

  constructor(
    private readonly sessions: OwnerSessions,
    apiToken: string,
    /** PUBLIC_URL's origin: where the owner's pages come from when a proxy rewrites Host. */
    private readonly publicOrigin: string,
  ) {
    this.tokenMatches = bearerTokenChecker(apiToken);
  }

  async check(request: AccessRequest): Promise<Access> {
    if (this.tokenMatches(request.authorization)) return { granted: true, actor: ACTORS.token };
    const secret = readCookie(request.cookie, SESSION_COOKIE);
    if (secret === undefined) return { granted: false, reason: "unauthenticated" };
    if (request.mustBeSameOrigin && !fromOwnOrigin(request, this.publicOrigin))
      return { granted: false, reason: "cross-site" };
    const session = await this.sessions.find(secret);
    return session ? { granted: true, actor: ACTORS.session } : { granted: false, reason: "unauthenticated" };
  }
}
