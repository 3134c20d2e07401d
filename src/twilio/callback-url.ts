/**
 * The path and query of a URL we give Twilio to call back (a `<Redirect>`, a `<Dial action>`, a
 * `<Number url>`): its query parameters sorted by name. Twilio sorts a callback URL's query before
 * it signs the request, and the signature is checked on the URL as requested: a query written in
 * another order fails validation on every real call. Parameters left undefined are left out.
 */
export function callbackPath(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const name of Object.keys(query).toSorted()) {
    const value = query[name];
    if (value !== undefined) params.append(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
