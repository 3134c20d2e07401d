/** What a browser says of where a request comes from. */
export interface RequestOrigin {
  origin: string | undefined;
  host: string | undefined;
  secFetchSite: string | undefined;
}

/**
 * Whether a browser request comes from a page of this server: its `Origin` names the host the
 * request was sent to (`Host`), or the server's public origin (a proxy in front may rewrite `Host`).
 * Without `Origin` (older browsers leave it off some requests) only `Sec-Fetch-Site: same-origin`
 * vouches for it. A cookie rides along with whatever request a page makes; this is what tells the
 * owner's own pages from another site's.
 */
export function fromOwnOrigin(request: RequestOrigin, publicOrigin: string): boolean {
  const { origin, host } = request;
  if (origin === undefined) return request.secFetchSite === "same-origin";
  if (origin === publicOrigin) return true;
  if (!host || !URL.canParse(origin)) return false;
  const url = new URL(origin);
  return (url.protocol === "http:" || url.protocol === "https:") && url.host === host.toLowerCase();
}
