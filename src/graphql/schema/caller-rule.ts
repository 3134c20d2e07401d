import { encodeGlobalID } from "@pothos/plugin-relay";
import { $Enums, type Prisma } from "@prisma/client";
import { removeCallerRule, setCallerRule } from "../../calls/caller-rules.js";
import { builder } from "../builder.js";

const CallerRuleKind = builder.enumType($Enums.CallerRuleKind, {
  name: "CallerRuleKind",
  description:
    "BLOCK: the call is rejected with a busy signal before anything is answered, and listed with status BLOCKED. VIP: the owner's phone rings first when transfers are allowed at that moment (an unanswered ring comes back to the secretary), the secretary answers otherwise.",
});

export const CallerRule = builder.prismaNode("CallerRule", {
  id: { field: "id" },
  description: "The owner's rule for calls from one number.",
  fields: (t) => ({
    phone: t.exposeString("phone", { description: "The number, in E.164 (+15551234567)." }),
    kind: t.expose("kind", { type: CallerRuleKind }),
    note: t.exposeString("note", { nullable: true, description: "The owner's own note on why." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

const kindWhere = (kind: $Enums.CallerRuleKind | null | undefined): Prisma.CallerRuleWhereInput =>
  kind ? { kind } : {};

builder.queryFields((t) => ({
  callerRules: t.prismaConnection(
    {
      type: "CallerRule",
      cursor: "id",
      description: "The owner's rules for numbers, newest change first; `kind` keeps one kind.",
      args: { kind: t.arg({ type: CallerRuleKind, required: false }) },
      resolve: (query, _parent, args, context) =>
        context.prisma.callerRule.findMany({
          ...query,
          where: kindWhere(args.kind),
          orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
        }),
      totalCount: (_connection, args, context) => context.prisma.callerRule.count({ where: kindWhere(args.kind) }),
    },
    { name: "CallerRuleConnection" },
    { name: "CallerRuleEdge" },
  ),
}));

builder.relayMutationField(
  "setCallerRule",
  {
    inputFields: (t) => ({
      phone: t.string({
        required: true,
        description:
          "The number in any format; without a country code it is read as North American. Block a call's caller with its `from`.",
      }),
      kind: t.field({ type: CallerRuleKind, required: true }),
      note: t.string({ required: false, description: "Why; null or blank for none. At most 500 characters." }),
    }),
  },
  {
    description: "Sets the rule for a number, replacing the one it had.",
    // A rule has no relations: the row as written is all a selection can ask of it.
    resolve: async (_parent, { input }, context) => ({ callerRule: await setCallerRule(context.prisma, input) }),
  },
  { outputFields: (t) => ({ callerRule: t.field({ type: CallerRule, resolve: (payload) => payload.callerRule }) }) },
);

builder.relayMutationField(
  "removeCallerRule",
  { inputFields: (t) => ({ phone: t.string({ required: true, description: "The number, in any format." }) }) },
  {
    description: "Removes the rule for a number: its calls are answered as anyone's again. NOT_FOUND if it had none.",
    resolve: async (_parent, { input }, context) => ({
      removedCallerRuleId: encodeGlobalID("CallerRule", await removeCallerRule(context.prisma, input.phone)),
    }),
  },
  {
    outputFields: (t) => ({
      removedCallerRuleId: t.id({
        description: "The global ID of the rule removed.",
        resolve: (payload) => payload.removedCallerRuleId,
      }),
    }),
  },
);
