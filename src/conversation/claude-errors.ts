import { APIConnectionError, APIConnectionTimeoutError, APIError } from "@anthropic-ai/sdk/core/error";
import { ReplyStalledError } from "./agent.js";

/** Why a request to Claude failed, as the operator's dashboards count it (a closed set: a metric's label). */
export type ClaudeErrorKind =
  /** No first token, no next token, or no end in time (the stream's deadlines), or the API's own timeout. */
  | "timeout"
  /** 429: the account's rate limit. */
  | "rate_limited"
  /** 529: Anthropic's servers overloaded. */
  | "overloaded"
  /** Any other 5xx, or an API error in the middle of a stream. */
  | "server_error"
  /** No connection, a connection reset, or a stream that ended before its end. */
  | "network"
  /** 401 or 403: the API key is wrong, or may not use the model. */
  | "auth"
  /** Any other 4xx: a request Claude refuses (a setting, or a bug of ours). */
  | "bad_request"
  | "other";

/** The reply's stream ended without its last event: the connection dropped mid-reply. */
export class ReplyCutOffError extends Error {
  override name = "ReplyCutOffError";
}

export function claudeErrorKind(error: unknown): ClaudeErrorKind {
  if (error instanceof ReplyStalledError || error instanceof APIConnectionTimeoutError) return "timeout";
  if (error instanceof ReplyCutOffError || error instanceof APIConnectionError) return "network";
  if (!(error instanceof APIError)) return "other";
  // An error event inside a stream has no status; its type says what it is.
  const { status, type } = error;
  if (status === 429 || type === "rate_limit_error") return "rate_limited";
  if (status === 529 || type === "overloaded_error") return "overloaded";
  if (status === 408 || type === "timeout_error") return "timeout";
  if ((status !== undefined && status >= 500) || type === "api_error") return "server_error";
  if (status === 401 || status === 403 || type === "authentication_error" || type === "permission_error") return "auth";
  if (status !== undefined && status >= 400) return "bad_request";
  return "other";
}
