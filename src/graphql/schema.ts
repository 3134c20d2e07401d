import { builder } from "./builder.js";
import { resolveNodeIdsSynchronously } from "./node-ids.js";
import "./schema/index.js";

/** The owner's API. Printed to schema/schema.graphql by `npm run schema:print`. */
export const schema = builder.toSchema();
resolveNodeIdsSynchronously(builder, schema);
