import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

/**
 * The address a request came from, for throttling and for the log. Behind proxies (TLS in front,
 * Render's load balancer) every request arrives from the nearest proxy, so the socket's address
 * would put all the world in one bucket: ten wrong sign-ins from anyone would lock the owner out.
 * Each proxy appends the address it was reached from to `X-Forwarded-For`; with `trustedProxies`
 * proxies in front, the entry that many places from the right (counting the socket's address) is
 * the one the outermost proxy saw. Entries further left are whatever the client wrote, so they are
 * never read: a count higher than the proxies really there would let a client pick its address.
 */
export function clientAddress(request: IncomingMessage, trustedProxies: number): string {
  const socketAddress = request.socket.remoteAddress ?? "unknown";
  if (trustedProxies === 0) return socketAddress;
  const header = request.headers["x-forwarded-for"];
  const forwarded = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  const hops = [...forwarded, socketAddress];
  // Fewer entries than proxies: the request skipped some of them, and the leftmost is the nearest to it.
  const entry = hops[Math.max(0, hops.length - 1 - trustedProxies)]!;
  // A proxy that wrote something other than an address (a port, an obfuscated name) is taken as it is
  // for a bucket, but only up to a sane length.
  return isIP(entry) ? entry : entry.slice(0, 64);
}
