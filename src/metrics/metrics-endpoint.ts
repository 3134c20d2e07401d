import type { IncomingMessage, ServerResponse } from "node:http";
import { bearerTokenChecker } from "../http/bearer-token.js";
import { send, sendError } from "../http/responses.js";
import type { PrometheusMetrics } from "./prometheus-metrics.js";

export const METRICS_PATH = "/metrics";

/**
 * `/metrics` for Prometheus. With a token (METRICS_TOKEN) a scrape must carry it as
 * `Authorization: Bearer <token>`; without one the endpoint is open to whoever reaches the port.
 */
export function metricsEndpoint(
  metrics: PrometheusMetrics,
  token: string | undefined,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const tokenMatches = token ? bearerTokenChecker(token) : undefined;
  return async (request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") return sendError(response, 405, "use GET");
    if (tokenMatches && !tokenMatches(request.headers.authorization)) {
      response.setHeader("www-authenticate", 'Bearer realm="metrics"');
      return sendError(response, 401, "missing or invalid metrics token: send Authorization: Bearer <METRICS_TOKEN>");
    }
    send(response, 200, metrics.contentType, await metrics.scrape());
  };
}
