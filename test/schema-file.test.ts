import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { generate } from "@graphql-codegen/cli";
import config from "../codegen.js";
import { schemaFilePath, schemaSdl } from "../src/graphql/schema-file.js";

describe("the committed schema and generated types", () => {
  test("schema/schema.graphql matches the Pothos schema (run `npm run schema:print` after changing it)", () => {
    assert.equal(readFileSync(schemaFilePath, "utf8"), schemaSdl());
  });

  test("the tests' and the dashboard's generated types are what codegen produces from it (run `npm run codegen`)", async () => {
    const outputs: { filename: string; content: string }[] = await generate({ ...config, silent: true }, false);
    const files = outputs.map((output) => path.relative(process.cwd(), output.filename)).sort();
    assert.ok(files.includes("test/generated/graphql.ts"), files.join(", "));
    assert.ok(files.includes("src/dashboard/generated/graphql.ts"), files.join(", "));
    for (const output of outputs) assert.equal(readFileSync(output.filename, "utf8"), output.content, output.filename);
  });
});
