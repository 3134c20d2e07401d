import { queryFromInfo } from "@pothos/plugin-prisma";
import { $Enums, type Prisma } from "@prisma/client";
import { builder } from "../builder.js";
import { databaseId } from "../global-id.js";

const ActionItemSource = builder.enumType($Enums.ActionItemSource, {
  name: "ActionItemSource",
  description: "CALL: a message the secretary took during the call. ANALYSIS: found by the post-call analysis.",
});

const ActionItem = builder.prismaNode("ActionItem", {
  id: { field: "id" },
  fields: (t) => ({
    description: t.exposeString("description"),
    done: t.exposeBoolean("done"),
    doneAt: t.expose("doneAt", { type: "DateTime", nullable: true }),
    source: t.expose("source", { type: ActionItemSource }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    call: t.relation("call"),
  }),
});

const doneWhere = (done: boolean | null | undefined): Prisma.ActionItemWhereInput =>
  done === null || done === undefined ? {} : { done };

builder.queryFields((t) => ({
  actionItems: t.prismaConnection(
    {
      type: "ActionItem",
      cursor: "id",
      description: "Action items, newest first; `done: false` is the owner's to-do list.",
      args: { done: t.arg.boolean({ required: false }) },
      resolve: (query, _parent, args, context) =>
        context.prisma.actionItem.findMany({
          ...query,
          where: doneWhere(args.done),
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        }),
      totalCount: (_connection, args, context) => context.prisma.actionItem.count({ where: doneWhere(args.done) }),
    },
    { name: "ActionItemConnection" },
    { name: "ActionItemEdge" },
  ),
}));

function setDoneMutation(name: string, done: boolean, description: string): void {
  builder.relayMutationField(
    name,
    { inputFields: (t) => ({ actionItemId: t.id({ required: true }) }) },
    {
      description,
      resolve: async (_parent, { input }, context, info) => {
        const id = databaseId("ActionItem", input.actionItemId);
        await context.ownerEdits.setActionItemDone(id, done);
        const actionItem = await context.prisma.actionItem.findUniqueOrThrow({
          ...queryFromInfo({ context, info, path: ["actionItem"] }),
          where: { id },
        });
        return { actionItem };
      },
    },
    { outputFields: (t) => ({ actionItem: t.field({ type: ActionItem, resolve: (payload) => payload.actionItem }) }) },
  );
}

setDoneMutation("completeActionItem", true, "Marks an action item done.");
setDoneMutation("reopenActionItem", false, "Marks an action item not done.");
