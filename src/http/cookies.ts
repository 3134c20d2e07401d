/** The value of cookie `name` in a `Cookie` header, or undefined when it is not there. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? "").split(";")) {
    const separator = pair.indexOf("=");
    if (separator < 0 || pair.slice(0, separator).trim() !== name) continue;
    return pair.slice(separator + 1).trim();
  }
  return undefined;
}

export interface CookieOptions {
  /** Seconds until the browser forgets it; 0 forgets it at once. */
  maxAgeSeconds: number;
  /** Sent over https only: set when the server's public address is https. */
  secure: boolean;
}

/**
 * A `Set-Cookie` value for a credential: out of scripts' reach (HttpOnly), never sent with a request
 * another site starts (SameSite=Strict), for every path of this host.
 */
export function credentialCookie(name: string, value: string, options: CookieOptions): string {
  const attributes = [
    `${name}=${value}`,
    "HttpOnly",
    "SameSite=Strict",
    "Path=/",
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
  ];
  if (options.secure) attributes.push("Secure");
  return attributes.join("; ");
}
