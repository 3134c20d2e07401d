import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * Types for the GraphQL operations, generated from the committed schema file: `npm run codegen`.
 * Two clients: the tests (and any example client), from test/operations/*.graphql, and the owner's
 * dashboard, from the `graphql(…)` calls in its source. The output is committed and must stay
 * reproducible (a test regenerates it and compares).
 */
const scalars = { DateTime: "string", JSON: "unknown" };

const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  generates: {
    "test/generated/graphql.ts": {
      documents: ["test/operations/*.graphql"],
      plugins: ["typescript-operations", "typed-document-node"],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: "string" },
        avoidOptionals: { field: true, inputValue: false, object: true },
        skipTypename: true,
      },
    },
    "src/dashboard/generated/": {
      documents: ["src/dashboard/**/*.{ts,tsx}", "!src/dashboard/generated/**"],
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars, skipTypename: false },
    },
  },
  hooks: {},
};

export default config;
