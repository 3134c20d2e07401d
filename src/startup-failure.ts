/**
 * A start that cannot go on for a reason the owner can fix (a port taken, a database that is not
 * there): told in one line naming the setting, without a stack trace.
 */
export class StartupFailure extends Error {
  override name = "StartupFailure";
}

interface SystemError {
  code?: unknown;
  syscall?: unknown;
}

const codeOf = (error: unknown): string | undefined => {
  const code = (error as SystemError | undefined)?.code;
  return typeof code === "string" ? code : undefined;
};

/** Why the server could not listen on HOST:PORT, or the error itself when it is not one of those. */
export function listenFailure(error: unknown, host: string | undefined, port: number): unknown {
  const where = host === undefined ? "" : ` on ${host}`;
  switch (codeOf(error)) {
    case "EADDRINUSE":
      return new StartupFailure(
        `PORT ${port} is in use${where}: another program (or another copy of the secretary) listens on it. Stop it, or set PORT to a free port.`,
        { cause: error },
      );
    case "EACCES":
      return new StartupFailure(
        `PORT ${port} needs privileges this process does not have: set PORT to 1024 or above (a proxy in front can listen on 80 or 443).`,
        { cause: error },
      );
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new StartupFailure(
        `HOST ${host} is not an address of this machine: leave it unset to listen on every interface, or set one this machine has (127.0.0.1, ::1).`,
        { cause: error },
      );
    default:
      return error;
  }
}

// Node's codes for a server that is not there, or not reachable at the address given.
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH"]);

// PostgreSQL's codes for what the owner has to fix in DATABASE_URL or on the server.
const INVALID_CATALOG_NAME = "3D000";
const INVALID_PASSWORD = "28P01";
const INVALID_AUTHORIZATION = "28000";

/** Why the database in DATABASE_URL could not be opened, or the error itself when it is not one of those. */
export function databaseFailure(error: unknown, databaseUrl: string | undefined): unknown {
  if (databaseUrl === undefined || !URL.canParse(databaseUrl)) return error;
  const url = new URL(databaseUrl);
  // Never the password: the message goes to the terminal and to logs.
  const server = `${url.hostname}:${url.port || "5432"}`;
  const database = decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username) || "postgres";
  const code = codeOf(error);
  const fail = (message: string) => new StartupFailure(`DATABASE_URL: ${message}`, { cause: error });
  if (code !== undefined && UNREACHABLE.has(code))
    return fail(`no PostgreSQL server answers at ${server} (${code}). Is it running, and is the address right?`);
  switch (code) {
    case INVALID_CATALOG_NAME:
      return fail(
        `the database "${database}" does not exist on ${server}. Create it (\`createdb -h ${url.hostname} ${database}\`), or name an existing one.`,
      );
    case INVALID_PASSWORD:
    case INVALID_AUTHORIZATION:
      return fail(
        `the server at ${server} refused user "${decodeURIComponent(url.username)}": ${(error as Error).message}.`,
      );
    default:
      // pg reports a connection that never opened as a plain Error.
      if (
        error instanceof Error &&
        /timeout exceeded when trying to connect|Connection terminated/i.test(error.message)
      )
        return fail(
          `no PostgreSQL server answers at ${server} (${error.message}). Is it running, and is the address right?`,
        );
      return error;
  }
}

/** Why Redis in REDIS_URL could not be connected to: every failure of the first connection is one to fix. */
export function redisFailure(error: unknown, redisUrl: string): StartupFailure {
  const url = new URL(redisUrl);
  // Never the password: the message goes to the terminal and to logs.
  const server = `${url.hostname}:${url.port || "6379"}`;
  const code = codeOf(error);
  const message = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
  return new StartupFailure(
    code !== undefined && UNREACHABLE.has(code)
      ? `REDIS_URL: no Redis server answers at ${server} (${code}). Is it running, and is the address right?`
      : `REDIS_URL: the Redis server at ${server} could not be used: ${message}.`,
    { cause: error },
  );
}
