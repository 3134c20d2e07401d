import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server for the tests (smtp-server), on a local port, that takes one login and keeps
 * what it receives, parsed (mailparser). `stop` and `start` again on the same port stand in for a mail
 * server that is down for a while.
 */
export class SmtpInbox {
  readonly mails: ParsedMail[] = [];
  /** Logins refused (a wrong password). */
  refusedLogins = 0;
  private server: SMTPServer | undefined;
  port = 0;

  constructor(
    readonly user: string,
    readonly password: string,
  ) {}

  async start(): Promise<void> {
    const server = new SMTPServer({
      // Plain SMTP on a local port: no certificate to make, and a login allowed without TLS.
      disabledCommands: ["STARTTLS"],
      allowInsecureAuth: true,
      logger: false,
      onAuth: (auth, _session, callback) => {
        if (auth.username === this.user && auth.password === this.password)
          return callback(null, { user: auth.username });
        this.refusedLogins++;
        callback(new Error("Invalid username or password"));
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            this.mails.push(mail);
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
