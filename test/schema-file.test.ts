import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { generate } from "@graphql-codegen/cli";
import config from "../codegen.js";
import { schemaFilePath, schemaSdl } from "../src/graphql/schema-file.js";

describe("the committed schema and generated types", () => {
  test("schema/schema.graphql matches the Pothos schema (run `npm run schema:print` after changing it)", () => {
    assert.equal(readFileSync(schemaFilePath, "utf8"), schemaSdl());
  });

  test("test/generated/graphql.ts is what codegen produces from it (run `npm run codegen`)", async () => {
    const outputs = await generate({ ...config, silent: true }, false);
    assert.equal(outputs.length, 1);
    const [output] = outputs;
    assert.equal(readFileSync(output!.filename, "utf8"), output!.content);
  });
});
