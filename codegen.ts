import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * Types for the GraphQL operations the tests (and any example client) use, generated from the
 * committed schema file: `npm run codegen`. The output is committed and must stay reproducible
 * (a test regenerates it and compares).
 */
const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  documents: ["test/operations/*.graphql"],
  generates: {
    "test/generated/graphql.ts": {
      plugins: ["typescript-operations", "typed-document-node"],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: "string" },
        avoidOptionals: { field: true, inputValue: false, object: true },
        skipTypename: true,
      },
    },
  },
  hooks: {},
};

export default config;
