import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  /** The HTTP status it was answered with. */
  answered: number;
  /** The body, verified with the channel's secret by the Standard Webhooks reference library; undefined if it did not verify. */
  verified: { type: string; timestamp: string; data: Record<string, unknown> } | undefined;
}

/**
 * A local HTTP server standing in for the owner's webhook receiver (Zapier, n8n…): it verifies each
 * request with the `standardwebhooks` package and answers `status` (200 unless a test says otherwise).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  status = 200;
  /** How long it takes to answer, as a busy receiver does. */
  delayMs = 0;
  secret = "";
  private server: Server | undefined;
  url = "";

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        this.received.push({
          headers: request.headers,
          body,
          answered: this.status,
          verified: this.verify(body, request.headers),
        });
        setTimeout(() => response.writeHead(this.status).end(), this.delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/secretary`;
  }

  /** The events taken (answered 2xx), verified, by type. */
  accepted(type?: string): NonNullable<ReceivedWebhook["verified"]>[] {
    return this.received.flatMap((hook) =>
      hook.verified && hook.answered < 300 && (!type || hook.verified.type === type) ? [hook.verified] : [],
    );
  }

  private verify(body: string, headers: IncomingHttpHeaders): ReceivedWebhook["verified"] {
    try {
      return new Webhook(this.secret).verify(body, {
        "webhook-id": String(headers["webhook-id"]),
        "webhook-timestamp": String(headers["webhook-timestamp"]),
        "webhook-signature": String(headers["webhook-signature"]),
      }) as ReceivedWebhook["verified"];
    } catch {
      return undefined;
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
