// The architecture, as rules `npm run lint` checks (dependency-cruiser). Data flows one way:
// Twilio → conversation → call log → events → GraphQL. The core (conversation/, calls/) never
// imports an adapter (twilio/, graphql/, http/); the English heuristics (spoken/) and the generic
// pieces under them import nothing of the app; app.ts is the one place that wires it all together.

/** A folder of src/, as a path pattern. */
const folder = (name) => `^src/${name}/`;
const adapters = [folder("twilio"), folder("graphql"), folder("http"), folder("simulator"), folder("senders")];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "No import cycles, of modules or through type imports: each piece can be read after what it uses.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "core-never-imports-an-adapter",
      comment:
        "conversation/, calls/, business/ and notifications/ are the domain. They talk to the outside through ports (CallerLine, CallEvents, SendNotification) that the adapters implement.",
      severity: "error",
      from: { path: [folder("conversation"), folder("calls"), folder("business"), folder("notifications")] },
      to: { path: [...adapters, "^src/app\\.ts$", "^src/main\\.ts$"] },
    },
    {
      name: "the-call-log-never-imports-the-conversation",
      comment:
        "The conversation writes the call log; the call log (and its analysis) never reaches back into a live call.",
      severity: "error",
      from: { path: folder("calls") },
      to: { path: folder("conversation") },
    },
    {
      name: "the-business-never-reaches-into-a-call",
      comment:
        "business/ is what the owner tells the secretary (settings, hours, knowledge): a conversation reads it when a call starts, never the other way.",
      severity: "error",
      from: { path: folder("business") },
      to: { path: folder("conversation") },
    },
    {
      name: "the-conversation-keeps-off-the-database",
      comment:
        "A call's words never wait on storage: the conversation writes through the call log's queue, not the database.",
      severity: "error",
      from: { path: folder("conversation") },
      to: { path: folder("db") },
    },
    {
      name: "leaves-stay-leaves",
      comment:
        "spoken/ (English heuristics), http/ (HTTP helpers) and db/ (PostgreSQL or PGlite) serve the app and import nothing of it.",
      severity: "error",
      from: { path: "^src/(spoken|http|db)/", pathNot: "^src/db/migrate-command\\.ts$" },
      to: { path: "^src/", pathNot: "^src/$1/" },
    },
    {
      name: "metrics-is-a-leaf",
      comment:
        "metrics/ is the port the core reports through (metrics.ts) and its Prometheus side: it knows nothing of calls, and imports only the HTTP helpers and give-up-after.",
      severity: "error",
      from: { path: folder("metrics") },
      to: { path: "^src/", pathNot: [folder("metrics"), folder("http"), "^src/give-up-after\\.ts$"] },
    },
    {
      name: "adapters-do-not-import-each-other",
      comment:
        "Twilio's side, the API's side and the senders of notifications meet only in the core and in app.ts. (http/ is a leaf every adapter may use.)",
      severity: "error",
      from: { path: "^src/(twilio|graphql|senders)/" },
      to: { path: "^src/(twilio|graphql|simulator|senders)/", pathNot: "^src/$1/" },
    },
    {
      name: "the-simulator-is-twilio-not-the-server",
      comment:
        "The fake Twilio reads the server only through the wire: it may use the protocol's schemas and paths, never the server's own code.",
      severity: "error",
      from: { path: folder("simulator") },
      to: {
        path: "^src/",
        pathNot: [
          folder("simulator"),
          "^src/twilio/(relay-messages|routes)\\.ts$",
          "^src/(config|local-secrets)\\.ts$",
        ],
      },
    },
    {
      name: "nothing-imports-the-composition-root",
      comment: "app.ts wires everything; main.ts starts it. Nothing else depends on them, except tests and benchmarks.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/main\\.ts$" },
      to: { path: ["^src/app\\.ts$", "^src/main\\.ts$"] },
    },
    {
      name: "src-never-imports-tests-or-benchmarks",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(test|bench)/" },
    },
    {
      name: "the-dashboard-is-a-client",
      comment:
        "src/dashboard is a browser app and speaks to the server only through the GraphQL API (its types come from schema/schema.graphql by codegen): it imports nothing of the server, and the server nothing of it.",
      severity: "error",
      from: { path: "^src/dashboard/" },
      to: { path: "^(src|test|bench)/", pathNot: "^src/dashboard/" },
    },
    {
      name: "the-server-never-imports-the-dashboard",
      comment:
        "The server serves the dashboard's built files (dist/dashboard); it never imports its source. A test may import a part of it that runs outside a browser (an urql exchange), to test it with urql's own pieces.",
      severity: "error",
      from: { pathNot: ["^src/dashboard/", "^test/[^/]+[.]test[.]ts$"] },
      to: { path: "^src/dashboard/" },
    },
    {
      name: "no-dead-files",
      comment: "Every module is used by something (entry points are started by npm scripts or by path).",
      severity: "error",
      from: {
        orphan: true,
        pathNot: [
          "\\.d\\.ts$",
          "(^|/)generated/",
          "^src/main\\.ts$",
          "^src/simulator/cli\\.ts$",
          "^src/db/migrate-command\\.ts$",
          "^src/db/pglite-worker\\.ts$",
          "^src/graphql/print-schema\\.ts$",
          "^(test|bench)/",
          "^[^/]+\\.(ts|cjs|js)$",
        ],
      },
      to: {},
    },
    {
      name: "only-declared-packages",
      comment: "An import of a package not in package.json works by accident until the next install.",
      severity: "error",
      from: {},
      to: { dependencyTypes: ["npm-no-pkg", "npm-unknown"] },
    },
    {
      name: "no-unresolvable-imports",
      comment: "(@graphql-typed-document-node/core is a package of types only: nothing to resolve at run time.)",
      severity: "error",
      from: {},
      to: { couldNotResolve: true, pathNot: "^@graphql-typed-document-node/core$" },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)generated/" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
  },
};
