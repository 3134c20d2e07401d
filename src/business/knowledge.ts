import type { KnowledgeEntry, KnowledgeGap, PrismaClient } from "@prisma/client";
import { NotFoundError } from "../calls/owner-edits.js";
import { checkedText, InputError } from "../input-error.js";

/**
 * The knowledge base: what the owner tells the secretary about the business, one entry per topic
 * ("Parking", "Prices of a cleaning"). The secretary answers callers' questions from it and from
 * nothing else; a question it could not answer is a KnowledgeGap (noted by the call log, see
 * CallStore.noteKnowledgeGap) until the owner answers it here.
 */

export const MAX_TITLE_LENGTH = 200;
export const MAX_CONTENT_LENGTH = 4000;
/**
 * Bounds the work of keeping the whole base in each process's memory and of searching it. Far more
 * than a small business writes down; past the prompt's budget (system-prompt.ts) the secretary
 * searches it rather than reading it all.
 */
export const MAX_KNOWLEDGE_ENTRIES = 500;

/** An entry as the owner writes it. */
export interface KnowledgeEntryInput {
  title: string;
  content: string;
}

/** What answering a gap made: the new entry, and every open gap it closed (the same question). */
export interface GapAnswer {
  entry: KnowledgeEntry;
  closedGaps: KnowledgeGap[];
}

/** The whole knowledge base, oldest first: the order the secretary's prompt lists it in. */
export function loadKnowledge(prisma: PrismaClient): Promise<KnowledgeEntry[]> {
  return prisma.knowledgeEntry.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/**
 * The owner's changes to the knowledge base. Each committed change is announced (`onChanged`, awaited)
 * so that what every process keeps in memory for its calls is reloaded: a call never reads the
 * database for it.
 */
export class KnowledgeBase {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly onChanged: () => void | Promise<void>,
  ) {}

  async create(input: KnowledgeEntryInput): Promise<KnowledgeEntry> {
    const data = { title: checkedTitle(input.title), content: checkedContent(input.content) };
    const entry = await this.prisma.$transaction(async (tx) => {
      if ((await tx.knowledgeEntry.count()) >= MAX_KNOWLEDGE_ENTRIES)
        throw new InputError(
          "title",
          `The knowledge base holds at most ${MAX_KNOWLEDGE_ENTRIES} entries: merge or delete some first.`,
        );
      return tx.knowledgeEntry.create({ data });
    });
    await this.onChanged();
    return entry;
  }

  /** Changes what is given; a field left out (undefined or null) stays as it is. */
  async update(
    id: string,
    input: { title?: string | null | undefined; content?: string | null | undefined },
  ): Promise<KnowledgeEntry> {
    const data = {
      ...(input.title != null && { title: checkedTitle(input.title) }),
      ...(input.content != null && { content: checkedContent(input.content) }),
    };
    const { count } = await this.prisma.knowledgeEntry.updateMany({ where: { id }, data });
    if (count === 0) throw new NotFoundError("No such knowledge entry");
    await this.onChanged();
    return this.prisma.knowledgeEntry.findUniqueOrThrow({ where: { id } });
  }

  async delete(id: string): Promise<void> {
    const { count } = await this.prisma.knowledgeEntry.deleteMany({ where: { id } });
    if (count === 0) throw new NotFoundError("No such knowledge entry");
    await this.onChanged();
  }

  /**
   * Answers a question callers asked: the answer becomes a knowledge entry (titled with the
   * question unless a title is given), and every open gap that asked the same question is closed
   * with it. A gap already answered is refused: ask the entry that answered it to be edited instead.
   */
  async answerGap(gapId: string, answer: string, title?: string | null): Promise<GapAnswer> {
    const content = checkedContent(answer, "answer");
    const explicitTitle = title == null ? undefined : checkedTitle(title);
    const result = await this.prisma.$transaction(async (tx) => {
      const gap = await tx.knowledgeGap.findUnique({ where: { id: gapId } });
      if (!gap) throw new NotFoundError("No such knowledge gap");
      if (gap.answeredAt) throw new InputError("gapId", "This question has been answered already.");
      if ((await tx.knowledgeEntry.count()) >= MAX_KNOWLEDGE_ENTRIES)
        throw new InputError(
          "answer",
          `The knowledge base holds at most ${MAX_KNOWLEDGE_ENTRIES} entries: merge or delete some first.`,
        );
      const entry = await tx.knowledgeEntry.create({
        data: { title: explicitTitle ?? titleFromQuestion(gap.question), content },
      });
      // Conditional, so that of two answers racing for one question only the first closes it.
      const closedGaps = await tx.knowledgeGap.updateManyAndReturn({
        where: { normalizedQuestion: gap.normalizedQuestion, answeredAt: null },
        data: { answeredAt: new Date(), answerEntryId: entry.id },
      });
      if (!closedGaps.some((closed) => closed.id === gap.id))
        throw new InputError("gapId", "This question has been answered already.");
      return { entry, closedGaps };
    });
    await this.onChanged();
    return result;
  }
}

function checkedTitle(title: string): string {
  return checkedText(title, "title", MAX_TITLE_LENGTH);
}

function checkedContent(content: string, field = "content"): string {
  return checkedText(content, field, MAX_CONTENT_LENGTH);
}

/** A question as an entry's title: itself, cut at a word when it is longer than a title may be. */
function titleFromQuestion(question: string): string {
  const trimmed = question.trim();
  if (trimmed.length <= MAX_TITLE_LENGTH) return trimmed;
  const cut = trimmed.slice(0, MAX_TITLE_LENGTH - 1);
  return `${cut.slice(0, cut.lastIndexOf(" ") > 0 ? cut.lastIndexOf(" ") : cut.length)}…`;
}
