import type { Logger } from "../logger.js";
import type { BusinessSettings, KnowledgeFact } from "./settings.js";

/** What a call needs to know of the business, as this process holds it. */
export interface BusinessSnapshot {
  settings: BusinessSettings;
  /** The settings' version in the database. */
  settingsVersion: number;
  /** The knowledge base, in the order the prompt lists it. */
  knowledge: readonly KnowledgeFact[];
}

export interface LiveBusinessOptions {
  /** Reads the snapshot from the database. */
  load(): Promise<BusinessSnapshot>;
  logger: Logger;
  /**
   * How often the snapshot is read again anyway: a change is announced to every process as it is
   * made (`changed`), but an announcement lost on the way (Redis pub/sub is at-most-once, and may
   * be down) is caught up with within this time.
   */
  refreshMs: number;
}

/**
 * The business as this process knows it, in memory: a call reads it when it starts and never waits
 * on the database for it. A change made on any process is announced to all of them, and each
 * reads the database again once (`changed`); a read that fails keeps the copy it has.
 */
export class LiveBusiness {
  private snapshot: BusinessSnapshot;
  private reloading: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly options: LiveBusinessOptions,
    first: BusinessSnapshot,
  ) {
    this.snapshot = first;
    this.timer = setInterval(() => void this.changed(), options.refreshMs);
    this.timer.unref();
  }

  /** Reads the business once; the process does not take calls without it. */
  static async open(options: LiveBusinessOptions): Promise<LiveBusiness> {
    return new LiveBusiness(options, await options.load());
  }

  get current(): BusinessSnapshot {
    return this.snapshot;
  }

  get settings(): BusinessSettings {
    return this.snapshot.settings;
  }

  /**
   * Something changed: reads the snapshot again. Announcements that come while a read is under way
   * lead to one more read after it (that read may have begun before the change), never to reads
   * piling up. Resolves once the snapshot is at least as new as the change.
   */
  changed(): Promise<void> {
    if (!this.reloading) {
      this.reloading = this.reload().finally(() => {
        this.reloading = undefined;
      });
      return this.reloading;
    }
    this.next ??= this.reloading.then(() => {
      this.next = undefined;
      return this.changed();
    });
    return this.next;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async reload(): Promise<void> {
    try {
      this.snapshot = await this.options.load();
    } catch (error) {
      this.options.logger.warn({ err: error }, "could not read the business's settings; keeping the ones in memory");
    }
  }
}
