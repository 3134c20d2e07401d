import { type ChildProcess, spawn } from "node:child_process";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

// The owner's dashboard (src/dashboard): `npm run build:dashboard` writes it to dist/dashboard, which
// the server serves at `/`; `npm run dev` serves it with hot reload and starts the server beside it.
const SERVER = `http://localhost:${process.env.PORT ?? "3000"}`;

export default defineConfig({
  root: "src/dashboard",
  plugins: [react(), serverBeside()],
  build: {
    outDir: "../../dist/dashboard",
    emptyOutDir: true,
    // The server precompresses what it serves, and `npm run bench:dashboard` reports the sizes that
    // cross the wire; Vite's own warnings on raw sizes would only be noise in every `npm install`.
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    // The Host header stays the dev server's, so the API's same-origin check (CSRF) passes for the
    // page it serves; the session cookie, set for localhost, reaches the API through the proxy.
    proxy: {
      "/graphql": { target: SERVER, ws: true },
      "/api": SERVER,
      "/recordings": SERVER,
    },
  },
});

/** `npm run dev`: the secretary itself, restarted by tsx when its source changes. */
function serverBeside(): Plugin {
  let server: ChildProcess | undefined;
  return {
    name: "phone-secretary-server",
    apply: "serve",
    configureServer(vite) {
      server = spawn("npx", ["tsx", "watch", "src/main.ts"], { stdio: "inherit" });
      vite.httpServer?.once("close", () => server?.kill());
    },
  };
}
