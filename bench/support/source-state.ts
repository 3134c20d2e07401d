import { execFileSync } from "node:child_process";

/**
 * Files under src/ and prisma/ that differ from HEAD: benchmarks run on the working tree, and a
 * number is only comparable with another taken on the same code.
 */
export function uncommittedSources(repo: string): string {
  try {
    const changed = execFileSync("git", ["diff", "--name-only", "HEAD", "--", "src", "prisma"], {
      cwd: repo,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    })
      .split("\n")
      .filter(Boolean);
    return changed.length === 0
      ? "src/ and prisma/ as committed (HEAD)"
      : `uncommitted changes in ${changed.join(", ")}`;
  } catch {
    return "not a git checkout (version unknown)";
  }
}
