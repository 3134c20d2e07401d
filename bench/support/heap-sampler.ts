// Samples what a server allocates over a window (the turns of a `bench:calls` run), through the
// Chrome DevTools protocol of the inspector it was started with (`--inspect=127.0.0.1:PORT`). V8's
// sampling heap profiler normally reports only what is still alive when the profile is taken;
// here it also keeps what minor and major collections freed, so the profile is what the turns
// allocated in all: the garbage that makes the collector pause.
import { writeFileSync } from "node:fs";
import path from "node:path";
import WebSocket from "ws";
import type { SamplingHeapProfile } from "./heap-profile-summary.js";

// Bytes between samples, on average (V8's default is 32 KB): small enough to see functions that
// allocate a few hundred bytes per turn among some 600 turns.
const SAMPLING_INTERVAL_BYTES = 4096;
const CONNECT_TIMEOUT_MS = 10_000;

export interface HeapSampler {
  /** Stops sampling, writes the profile into `dir` and returns its path and the profile. */
  stop(dir: string, pid: number): Promise<{ file: string; profile: SamplingHeapProfile }>;
  close(): void;
}

/** Connects to the inspector on `port` and starts sampling allocations. */
export async function startHeapSampling(port: number): Promise<HeapSampler> {
  const targets = (await (
    await fetch(`http://127.0.0.1:${port}/json/list`, { signal: AbortSignal.timeout(CONNECT_TIMEOUT_MS) })
  ).json()) as { webSocketDebuggerUrl?: string }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error(`the inspector on port ${port} lists no target`);
  const socket = new WebSocket(url, { maxPayload: 0 });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  const pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  socket.on("message", (data) => {
    const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
    const waiting = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiting || message.id === undefined) return;
    pending.delete(message.id);
    if (message.error) waiting.reject(new Error(message.error.message));
    else waiting.resolve(message.result);
  });
  socket.on("close", () => {
    for (const waiting of pending.values()) waiting.reject(new Error("the inspector closed its connection"));
    pending.clear();
  });
  const call = <T>(method: string, params: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });

  await call("HeapProfiler.enable");
  await call("HeapProfiler.startSampling", {
    samplingInterval: SAMPLING_INTERVAL_BYTES,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return {
    async stop(dir, pid) {
      const { profile } = await call<{ profile: SamplingHeapProfile }>("HeapProfiler.stopSampling");
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      const file = path.join(dir, `Heap.${stamp}.${pid}.heapprofile`);
      // The format DevTools opens (Memory > Load profile).
      writeFileSync(file, JSON.stringify(profile));
      return { file, profile };
    },
    close: () => socket.close(),
  };
}
