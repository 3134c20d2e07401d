import { fileURLToPath } from "node:url";
import { printSchema } from "graphql";
import { schema } from "./schema.js";

/** The committed SDL file frontends and codegen read; a test fails when it drifts from the code. */
export const schemaFilePath = fileURLToPath(new URL("../../schema/schema.graphql", import.meta.url));

export function schemaSdl(): string {
  return `${printSchema(schema)}\n`;
}
