import { writeFileSync } from "node:fs";
import { schemaFilePath, schemaSdl } from "./schema-file.js";

// `npm run schema:print`: regenerates schema/schema.graphql from the Pothos schema.
writeFileSync(schemaFilePath, schemaSdl());
process.stdout.write(`wrote ${schemaFilePath}\n`);
