import type { ChildProcess } from "node:child_process";

/** The messages a forked helper of a bench sends back, read by their `type`. */
export function childMessages<Message extends { type: string }>(child: ChildProcess, name: string) {
  return {
    /** Resolves with the next message of `type`; rejects if the child exits first or takes longer than timeoutMs. */
    next<Type extends Message["type"]>(type: Type, timeoutMs: number): Promise<Extract<Message, { type: Type }>> {
      return new Promise((resolve, reject) => {
        const onMessage = (message: Message) => {
          if (message.type !== type) return;
          cleanup();
          resolve(message as Extract<Message, { type: Type }>);
        };
        const onExit = (code: number | null) => {
          cleanup();
          reject(new Error(`the ${name} process exited (code ${code}) before reporting "${type}"`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no "${type}" from the ${name} process within ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          child.off("message", onMessage);
          child.off("exit", onExit);
        };
        child.on("message", onMessage);
        child.once("exit", onExit);
      });
    },
  };
}
