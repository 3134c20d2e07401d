import { createHash, timingSafeEqual } from "node:crypto";

/** Compares a candidate with `token` in constant time, so response timing does not leak the token. */
export function tokenChecker(token: string): (candidate: string) => boolean {
  const expected = createHash("sha256").update(token).digest();
  return (candidate) => timingSafeEqual(createHash("sha256").update(candidate).digest(), expected);
}

/** Checks an `Authorization: Bearer <token>` header against `token`, in constant time. */
export function bearerTokenChecker(token: string): (header: string | null | undefined) => boolean {
  const matches = tokenChecker(token);
  return (header) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
    return match?.[1] ? matches(match[1]) : false;
  };
}
