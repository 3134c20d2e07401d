import type { IncomingMessage, ServerResponse } from "node:http";
import { tokenChecker } from "../http/bearer-token.js";
import { clientAddress } from "../http/client-address.js";
import { credentialCookie, readCookie } from "../http/cookies.js";
import { RequestError, readJson, sendError, sendJson } from "../http/responses.js";
import { fromOwnOrigin } from "../http/same-origin.js";
import type { Logger } from "../logger.js";
import { accessRequest, SESSION_COOKIE } from "./owner-access.js";
import type { OwnerSessions } from "./owner-sessions.js";
import type { SignInThrottle } from "./sign-in-throttle.js";

export const SESSION_PATH = "/api/session";

// `{"token": "…"}` is a few dozen bytes.
const MAX_SIGN_IN_BYTES = 4096;

export interface SessionEndpointOptions {
  sessions: OwnerSessions;
  apiToken: string;
  /** Cookies only over https: PUBLIC_URL is https. */
  secureCookies: boolean;
  /** PUBLIC_URL's origin, for the same-origin check on signing out. */
  publicOrigin: string;
  throttle: SignInThrottle;
  /** The proxies in front: where the sign-in's address is read from (see clientAddress). */
  trustedProxies: number;
  logger: Logger;
}

/**
 * `/api/session`, the dashboard's sign-in: POST `{"token"}` turns the API token into a session
 * cookie, GET says whether the cookie is signed in (and renews an ageing session), DELETE signs out.
 */
export function sessionEndpoint(options: SessionEndpointOptions) {
  const { sessions, throttle, logger } = options;
  const isApiToken = tokenChecker(options.apiToken);
  const cookie = (value: string, maxAgeMs: number) =>
    credentialCookie(SESSION_COOKIE, value, { maxAgeSeconds: maxAgeMs / 1000, secure: options.secureCookies });
  // A session made or renewed now: it lasts a whole lifetime.
  const setSession = (response: ServerResponse, secret: string) =>
    response.setHeader("set-cookie", cookie(secret, sessions.lifetimeMs));
  const clearSession = (response: ServerResponse) => response.setHeader("set-cookie", cookie("", 0));

  async function signIn(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const address = clientAddress(request, options.trustedProxies);
    const retryAfter = throttle.retryAfterSeconds(address);
    if (retryAfter !== undefined) {
      response.setHeader("retry-after", String(retryAfter));
      return sendError(response, 429, `Too many wrong tokens: try again in ${retryAfter} s`);
    }
    let body: unknown;
    try {
      body = await readJson(request, MAX_SIGN_IN_BYTES);
    } catch (error) {
      if (error instanceof RequestError) return sendError(response, error.status, error.message);
      throw error;
    }
    const token = typeof body === "object" && body !== null && "token" in body ? body.token : undefined;
    if (typeof token !== "string" || !isApiToken(token.trim())) {
      const limitReached = throttle.failed(address);
      // The address, never what was typed: a near miss of the token is most of the token.
      logger.warn(
        { address, ...(limitReached && { refusedForAMinute: true }) },
        "dashboard sign-in with a wrong API token",
      );
      return sendError(response, 401, "Wrong API token");
    }
    throttle.succeeded(address);
    // Each sign-in clears away the sessions nobody can use any more, so the table stays small.
    await sessions.sweep();
    const secret = await sessions.open();
    setSession(response, secret);
    logger.info({ address }, "the owner signed in to the dashboard");
    response.writeHead(204).end();
  }

  async function status(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const secret = readCookie(request.headers.cookie, SESSION_COOKIE);
    const session = await sessions.find(secret);
    if (!session || secret === undefined) {
      // A cookie the server no longer knows is only noise in every request: the browser drops it.
      if (secret !== undefined) clearSession(response);
      return sendJson(response, 401, { signedIn: false });
    }
    const renewed = await sessions.renew(session);
    if (renewed) setSession(response, secret);
    sendJson(response, 200, { signedIn: true, expiresAt: (renewed ?? session).expiresAt.toISOString() });
  }

  async function signOut(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const secret = readCookie(request.headers.cookie, SESSION_COOKIE);
    // Another site's page must not be able to sign the owner out either.
    if (secret !== undefined && !fromOwnOrigin(accessRequest(request.headers, true), options.publicOrigin))
      return sendError(response, 403, "cross-site request refused");
    await sessions.end(secret);
    clearSession(response);
    response.writeHead(204).end();
  }

  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    // Whether the owner is signed in is nobody's to cache.
    response.setHeader("cache-control", "no-store");
    if (request.method === "POST") return signIn(request, response);
    if (request.method === "GET") return status(request, response);
    if (request.method === "DELETE") return signOut(request, response);
    response.setHeader("allow", "GET, POST, DELETE");
    sendError(response, 405, "use GET, POST or DELETE");
  };
}
