import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Checks an `Authorization: Bearer <token>` header against `token`, in constant time, so response
 * timing does not leak the token.
 */
export function bearerTokenChecker(token: string): (header: string | null | undefined) => boolean {
  const expected = createHash("sha256").update(token).digest();
  return (header) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
    if (!match?.[1]) return false;
    return timingSafeEqual(createHash("sha256").update(match[1]).digest(), expected);
  };
}
