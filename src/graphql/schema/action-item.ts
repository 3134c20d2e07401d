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

const ActionItemOrder = builder.enumType("ActionItemOrder", {
  description: "How a list of action items is ordered.",
  values: {
    NEWEST: { description: "Newest first." },
    MOST_URGENT: {
      description: "By their call's urgency, URGENT first and calls without one last; newest first within each.",
    },
  },
});

// The id closes every order, so that no two items tie and a cursor (an item's id) always marks one place.
const ORDERS: Record<typeof ActionItemOrder.$inferType, Prisma.ActionItemOrderByWithRelationInput[]> = {
  NEWEST: [{ createdAt: "desc" }, { id: "desc" }],
  // Urgency is a PostgreSQL enum, which sorts in its declared order: LOW < NORMAL < HIGH < URGENT.
  MOST_URGENT: [{ call: { urgency: { sort: "desc", nulls: "last" } } }, { createdAt: "desc" }, { id: "desc" }],
};

builder.queryFields((t) => ({
  actionItems: t.prismaConnection(
    {
      type: "ActionItem",
      cursor: "id",
      description:
        "Action items, newest first unless `orderBy` says otherwise; `done: false, orderBy: MOST_URGENT` is the owner's to-do list.",
      args: {
        done: t.arg.boolean({ required: false }),
        orderBy: t.arg({ type: ActionItemOrder, required: false, defaultValue: "NEWEST" }),
      },
      resolve: (query, _parent, args, context) =>
        context.prisma.actionItem.findMany({
          ...query,
          where: doneWhere(args.done),
          orderBy: ORDERS[args.orderBy ?? "NEWEST"],
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
