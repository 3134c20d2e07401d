import type { Prisma, PrismaClient } from "@prisma/client";
import { MAX_CONTENT_LENGTH, MAX_KNOWLEDGE_ENTRIES, MAX_TITLE_LENGTH } from "../../business/knowledge.js";
import { knowledgeEntryIdsMatching } from "../../business/knowledge-search.js";
import { builder } from "../builder.js";
import { databaseId } from "../global-id.js";

const KnowledgeEntry = builder.prismaNode("KnowledgeEntry", {
  id: { field: "id" },
  description: "A fact about the business the owner wrote for the secretary, who answers callers from these alone.",
  fields: (t) => ({
    title: t.exposeString("title", { description: 'What it is about, e.g. "Parking".' }),
    content: t.exposeString("content"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

const KnowledgeGap = builder.prismaNode("KnowledgeGap", {
  id: { field: "id" },
  description:
    "A question callers asked that the knowledge base could not answer. Asked again on another call, it counts here rather than making another gap; `answerKnowledgeGap` answers it.",
  fields: (t) => ({
    question: t.exposeString("question", { description: "As the secretary noted it the first time." }),
    call: t.relation("call", { nullable: true, description: "The call that asked it most recently." }),
    callerPhone: t.exposeString("callerPhone", { nullable: true, description: "That call's caller." }),
    timesAsked: t.exposeInt("timesAsked", { description: "On how many calls it was asked." }),
    firstAskedAt: t.expose("firstAskedAt", { type: "DateTime" }),
    lastAskedAt: t.expose("lastAskedAt", { type: "DateTime" }),
    answeredAt: t.expose("answeredAt", { type: "DateTime", nullable: true }),
    answer: t.relation("answer", {
      nullable: true,
      description: "The entry that answered it (null while open, or once that entry is deleted).",
    }),
  }),
});

const knowledgeEntryIdFrom = (globalId: string | number) => databaseId("KnowledgeEntry", globalId);

const openWhere = (open: boolean | null | undefined): Prisma.KnowledgeGapWhereInput =>
  open === null || open === undefined ? {} : { answeredAt: open ? null : { not: null } };

builder.queryFields((t) => ({
  knowledgeEntries: t.prismaConnection(
    {
      type: "KnowledgeEntry",
      cursor: "id",
      description: `The knowledge base (at most ${MAX_KNOWLEDGE_ENTRIES} entries), by title. \`search\` keeps the entries matching a full-text search of titles and contents: words are stemmed and all must match ("quoted phrases", \`or\` and \`-excluded\` words work as on a web search engine).`,
      args: { search: t.arg.string({ required: false }) },
      resolve: async (query, _parent, args, context) =>
        context.prisma.knowledgeEntry.findMany({
          ...query,
          where: await entriesWhere(context.prisma, args.search),
          orderBy: [{ title: "asc" }, { id: "asc" }],
        }),
      totalCount: async (_connection, args, context) =>
        context.prisma.knowledgeEntry.count({ where: await entriesWhere(context.prisma, args.search) }),
    },
    { name: "KnowledgeEntryConnection" },
    { name: "KnowledgeEntryEdge" },
  ),
  knowledgeGaps: t.prismaConnection(
    {
      type: "KnowledgeGap",
      cursor: "id",
      description:
        "Questions callers asked that the knowledge base could not answer, most recently asked first; `open: true` is what is still to answer.",
      args: { open: t.arg.boolean({ required: false }) },
      resolve: (query, _parent, args, context) =>
        context.prisma.knowledgeGap.findMany({
          ...query,
          where: openWhere(args.open),
          orderBy: [{ lastAskedAt: "desc" }, { id: "desc" }],
        }),
      totalCount: (_connection, args, context) => context.prisma.knowledgeGap.count({ where: openWhere(args.open) }),
    },
    { name: "KnowledgeGapConnection" },
    { name: "KnowledgeGapEdge" },
  ),
}));

async function entriesWhere(
  prisma: PrismaClient,
  search: string | null | undefined,
): Promise<Prisma.KnowledgeEntryWhereInput> {
  if (search === null || search === undefined) return {};
  return { id: { in: await knowledgeEntryIdsMatching(prisma, search) } };
}

builder.relayMutationField(
  "createKnowledgeEntry",
  {
    inputFields: (t) => ({
      title: t.string({ required: true, description: `1 to ${MAX_TITLE_LENGTH} characters.` }),
      content: t.string({ required: true, description: `1 to ${MAX_CONTENT_LENGTH} characters.` }),
    }),
  },
  {
    description: "Adds an entry to the knowledge base; calls that start from now on know it.",
    resolve: async (_parent, { input }, context) => ({ knowledgeEntry: await context.knowledge.create(input) }),
  },
  {
    outputFields: (t) => ({
      knowledgeEntry: t.field({ type: KnowledgeEntry, resolve: (payload) => payload.knowledgeEntry }),
    }),
  },
);

builder.relayMutationField(
  "updateKnowledgeEntry",
  {
    inputFields: (t) => ({
      knowledgeEntryId: t.id({ required: true }),
      title: t.string({ required: false, description: "The new title; left out, it stays." }),
      content: t.string({ required: false, description: "The new content; left out, it stays." }),
    }),
  },
  {
    description: "Changes an entry of the knowledge base; calls that start from now on know the change.",
    resolve: async (_parent, { input }, context) => ({
      knowledgeEntry: await context.knowledge.update(knowledgeEntryIdFrom(input.knowledgeEntryId), input),
    }),
  },
  {
    outputFields: (t) => ({
      knowledgeEntry: t.field({ type: KnowledgeEntry, resolve: (payload) => payload.knowledgeEntry }),
    }),
  },
);

builder.relayMutationField(
  "deleteKnowledgeEntry",
  { inputFields: (t) => ({ knowledgeEntryId: t.id({ required: true }) }) },
  {
    description: "Removes an entry from the knowledge base; the gaps it answered stay answered.",
    resolve: async (_parent, { input }, context) => {
      await context.knowledge.delete(knowledgeEntryIdFrom(input.knowledgeEntryId));
      return { deletedKnowledgeEntryId: String(input.knowledgeEntryId) };
    },
  },
  {
    outputFields: (t) => ({
      deletedKnowledgeEntryId: t.id({
        description: "The global ID of the removed entry.",
        resolve: (payload) => payload.deletedKnowledgeEntryId,
      }),
    }),
  },
);

builder.relayMutationField(
  "answerKnowledgeGap",
  {
    inputFields: (t) => ({
      gapId: t.id({ required: true }),
      answer: t.string({ required: true, description: `The answer, 1 to ${MAX_CONTENT_LENGTH} characters.` }),
      title: t.string({
        required: false,
        description: `The new entry's title (1 to ${MAX_TITLE_LENGTH} characters); by default the question.`,
      }),
    }),
  },
  {
    description:
      "Answers a question callers asked: the answer becomes a knowledge entry, and every open gap that asked the same question is closed with it.",
    resolve: async (_parent, { input }, context) => {
      const { entry, closedGaps } = await context.knowledge.answerGap(
        databaseId("KnowledgeGap", input.gapId),
        input.answer,
        input.title,
      );
      return { knowledgeEntry: entry, closedGaps };
    },
  },
  {
    outputFields: (t) => ({
      knowledgeEntry: t.field({ type: KnowledgeEntry, resolve: (payload) => payload.knowledgeEntry }),
      closedGaps: t.field({ type: [KnowledgeGap], resolve: (payload) => payload.closedGaps }),
    }),
  },
);
