/**
 * The answer to a request refused before any operation ran (no token, a body too large, graphql-sse
 * failing): a GraphQL response with only `errors`, as Yoga writes its own refusals, so a client
 * reads every refusal the same way.
 */
export function errorResponse(
  fetchAPI: { Response: typeof Response },
  status: number,
  message: string,
  code: string,
  headers: Record<string, string> = {},
): Response {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}
