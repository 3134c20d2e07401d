import { builder } from "../builder.js";
import { databaseId } from "../global-id.js";

const ActionItemSource = builder.enumType("ActionItemSource", {
  description: "CALL: a message the secretary took during the call. ANALYSIS: found by the post-call analysis.",
  values: ["CALL", "ANALYSIS"] as const,
});

builder.prismaNode("ActionItem", {
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

builder.queryFields((t) => ({
  actionItems: t.prismaConnection({
    type: "ActionItem",
    cursor: "id",
    description: "Action items, newest first; `done: false` is the owner's to-do list.",
    args: { done: t.arg.boolean({ required: false }) },
    resolve: (query, _parent, args, context) =>
      context.prisma.actionItem.findMany({
        ...query,
        where: args.done === null || args.done === undefined ? {} : { done: args.done },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      }),
  }),
}));

builder.mutationFields((t) => {
  const setDone = (done: boolean, description: string) =>
    t.prismaField({
      type: "ActionItem",
      description,
      args: { id: t.arg.id({ required: true }) },
      resolve: async (query, _parent, args, context) => {
        const id = databaseId("ActionItem", args.id);
        await context.ownerEdits.setActionItemDone(id, done);
        return context.prisma.actionItem.findUniqueOrThrow({ ...query, where: { id } });
      },
    });
  return {
    completeActionItem: setDone(true, "Marks an action item done."),
    reopenActionItem: setDone(false, "Marks an action item not done."),
  };
});
