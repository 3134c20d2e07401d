import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "@prisma/client";

/** A session the owner holds: until when. */
export interface OwnerSession {
  id: string;
  expiresAt: Date;
}

// 32 random bytes, base64url: 43 characters, as the cookie carries them.
const SECRET_BYTES = 32;
const SECRET_FORM = /^[A-Za-z0-9_-]{43}$/;
// lastUsedAt says roughly when a session was last used; once a minute is close enough, and spares
// the database a write per request.
const TOUCH_EVERY_MS = 60_000;

/**
 * The owner's dashboard sessions, in the database so that every process knows them. A session is
 * a random secret in a cookie; the table keeps its SHA-256 only. Each row names the API token it
 * was made with (a fingerprint), so a changed API_TOKEN ends them all.
 */
export class OwnerSessions {
  private readonly fingerprint: string;

  constructor(
    private readonly prisma: PrismaClient,
    apiToken: string,
    /** How long a session lasts, and how long a renewal extends it by. */
    readonly lifetimeMs: number,
  ) {
    // Sixteen hex digits of a hash: enough to tell two tokens apart, too little to test guesses of
    // a token against at leisure with a copy of the table.
    this.fingerprint = createHash("sha256").update(`owner-session\0${apiToken}`).digest("hex").slice(0, 16);
  }

  /** A new session: its secret, for the cookie (it is kept nowhere else), and when it expires. */
  async open(): Promise<{ secret: string; session: OwnerSession }> {
    const secret = randomBytes(SECRET_BYTES).toString("base64url");
    const expiresAt = new Date(Date.now() + this.lifetimeMs);
    await this.prisma.ownerSession.create({
      data: { id: idOf(secret), expiresAt, tokenFingerprint: this.fingerprint },
    });
    return { secret, session: { id: idOf(secret), expiresAt } };
  }

  /**
   * The session a cookie's secret opens, or undefined: unknown, signed out, expired, or made with
   * another API token (such a row is deleted on the way).
   */
  async find(secret: string | undefined): Promise<OwnerSession | undefined> {
    if (!secret || !SECRET_FORM.test(secret)) return undefined;
    const id = idOf(secret);
    const row = await this.prisma.ownerSession.findUnique({ where: { id } });
    if (!row) return undefined;
    const now = Date.now();
    if (row.expiresAt.getTime() <= now || row.tokenFingerprint !== this.fingerprint) {
      await this.prisma.ownerSession.deleteMany({ where: { id } });
      return undefined;
    }
    if (now - row.lastUsedAt.getTime() >= TOUCH_EVERY_MS)
      await this.prisma.ownerSession.updateMany({ where: { id }, data: { lastUsedAt: new Date(now) } });
    return { id, expiresAt: row.expiresAt };
  }

  /**
   * Extends a session past half its life for a whole lifetime from now; returns the renewed
   * session, or undefined when it has more than half its life left (or was signed out meanwhile).
   */
  async renew(session: OwnerSession): Promise<OwnerSession | undefined> {
    const now = Date.now();
    if (session.expiresAt.getTime() - now > this.lifetimeMs / 2) return undefined;
    const expiresAt = new Date(now + this.lifetimeMs);
    const { count } = await this.prisma.ownerSession.updateMany({
      where: { id: session.id },
      data: { expiresAt, lastUsedAt: new Date(now) },
    });
    return count === 1 ? { id: session.id, expiresAt } : undefined;
  }

  /** Signs a session out; an unknown secret is nothing to do. */
  async end(secret: string | undefined): Promise<void> {
    if (!secret || !SECRET_FORM.test(secret)) return;
    await this.prisma.ownerSession.deleteMany({ where: { id: idOf(secret) } });
  }

  /** Deletes the sessions nobody can use any more (expired, or made with another token); returns how many. */
  async sweep(): Promise<number> {
    const { count } = await this.prisma.ownerSession.deleteMany({
      where: { OR: [{ expiresAt: { lte: new Date() } }, { tokenFingerprint: { not: this.fingerprint } }] },
    });
    return count;
  }
}

/** The row's key: the secret's SHA-256, so the table alone opens no session. */
function idOf(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
