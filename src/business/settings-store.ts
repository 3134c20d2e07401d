import type { Prisma, PrismaClient, SettingsChange } from "@prisma/client";
import { utcTimestamp } from "../db/utc-timestamp.js";
import type { BusinessSettings } from "./settings.js";
import {
  applySettingsUpdate,
  readSettingsDocument,
  type SettingsAbilities,
  type SettingsUpdate,
  settingChanges,
} from "./settings-document.js";

/** The settings as stored: the document and its version, which goes up with every change. */
export interface StoredSettings {
  settings: BusinessSettings;
  version: number;
  updatedAt: Date;
}

/** The settings changed since the version the owner last read (another tab, another person). */
export class SettingsConflictError extends Error {
  override name = "SettingsConflictError";
}

/**
 * The owner's settings in the database: one row, and a history row for each change. The first
 * process to start on a new database writes the environment's settings (`initial`); after that
 * the database has the say. Each change is announced (`onChanged`) once it is committed.
 */
export class SettingsStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly initial: BusinessSettings,
    /** Announces a change to every process, this one first; resolves once this process has it. */
    private readonly onChanged: () => Promise<void>,
    private readonly abilities: SettingsAbilities,
  ) {}

  /** The current settings; written from `initial` if there are none yet (several processes may race: one wins). */
  async read(): Promise<StoredSettings> {
    let row = await this.prisma.businessSettings.findUnique({ where: { id: 1 } });
    if (!row) {
      // In SQL rather than Prisma's upsert, which reads and then inserts: two processes starting
      // together on a new database would both insert.
      await this.prisma.$executeRaw`
        INSERT INTO "BusinessSettings" (id, document, "updatedAt")
        VALUES (1, ${JSON.stringify(this.initial)}::jsonb, ${utcTimestamp(new Date())}::timestamp)
        ON CONFLICT (id) DO NOTHING`;
      row = await this.prisma.businessSettings.findUniqueOrThrow({ where: { id: 1 } });
    }
    return {
      settings: readSettingsDocument(row.document, this.initial),
      version: row.version,
      updatedAt: row.updatedAt,
    };
  }

  /**
   * Applies `update` (checked as a whole: an InputError names what is wrong) and records what
   * changed, who changed it and when, in one transaction. Nothing changed: nothing is written.
   * `expectedVersion`, when given, must still be current (SettingsConflictError otherwise).
   */
  async update(
    update: SettingsUpdate,
    changedBy: string,
    expectedVersion?: number,
  ): Promise<{ stored: StoredSettings; change: SettingsChange | undefined }> {
    await this.read();
    const result = await this.prisma.$transaction(async (tx) => {
      // The row locked, so that two changes at once are applied one after the other, both recorded.
      const [row] = await tx.$queryRaw<{ document: unknown; version: number; updatedAt: Date }[]>`
        SELECT document, version, "updatedAt" FROM "BusinessSettings" WHERE id = 1 FOR UPDATE`;
      if (!row) throw new Error("the settings row is missing");
      if (expectedVersion !== undefined && expectedVersion !== row.version)
        throw new SettingsConflictError(
          `The settings changed since version ${expectedVersion} (now ${row.version}): read them again, then make your change`,
        );
      const before = readSettingsDocument(row.document, this.initial);
      const after = applySettingsUpdate(before, update, this.abilities);
      const changes = settingChanges(before, after);
      if (changes.length === 0)
        return { stored: { settings: before, version: row.version, updatedAt: row.updatedAt }, change: undefined };
      const saved = await tx.businessSettings.update({
        where: { id: 1 },
        data: { document: after as unknown as Prisma.InputJsonObject, version: { increment: 1 } },
      });
      const change = await tx.settingsChange.create({
        data: { version: saved.version, changedBy, changes: changes as unknown as Prisma.InputJsonArray },
      });
      return { stored: { settings: after, version: saved.version, updatedAt: saved.updatedAt }, change };
    });
    if (result.change) await this.onChanged();
    return result;
  }
}
