import { GraphQLError } from "graphql";
import { builder } from "../builder.js";

// Every root field needs the owner's token. The transports refuse unauthenticated requests before
// execution; these scopes make the schema itself refuse them too.
builder.queryType({ authScopes: { owner: true } });
builder.mutationType({ authScopes: { owner: true } });
builder.subscriptionType({ authScopes: { owner: true } });

builder.scalarType("DateTime", {
  description: "An instant, as an ISO-8601 string in UTC, e.g. 2026-11-23T14:05:00.000Z.",
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = typeof value === "string" ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError("DateTime must be an ISO-8601 string");
    return date;
  },
});

builder.scalarType("JSON", {
  description: "A JSON document, as it is: an object, a list, a string, a number, true, false or null.",
  serialize: (value) => value,
  parseValue: () => {
    throw new GraphQLError("JSON is only ever an output");
  },
});
