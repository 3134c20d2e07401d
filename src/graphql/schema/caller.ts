import { builder } from "../builder.js";
import { CallConnection } from "./call.js";

builder.prismaNode("Caller", {
  id: { field: "id" },
  description: "Someone who has called, recognised by their number on later calls.",
  fields: (t) => ({
    phone: t.exposeString("phone"),
    name: t.exposeString("name", { nullable: true }),
    callCount: t.exposeInt("callCount"),
    lastCallAt: t.expose("lastCallAt", { type: "DateTime", nullable: true }),
    calls: t.relatedConnection(
      "calls",
      {
        cursor: "id",
        description: "This caller's calls, newest first.",
        totalCount: true,
        query: { orderBy: [{ startedAt: "desc" }, { id: "desc" }] },
      },
      CallConnection,
    ),
  }),
});

builder.queryFields((t) => ({
  callers: t.prismaConnection(
    {
      type: "Caller",
      cursor: "id",
      description: "Callers, most recent call first.",
      resolve: (query, _parent, _args, context) =>
        context.prisma.caller.findMany({
          ...query,
          orderBy: [{ lastCallAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
        }),
      totalCount: (_connection, _args, context) => context.prisma.caller.count(),
    },
    { name: "CallerConnection" },
    { name: "CallerEdge" },
  ),
}));
