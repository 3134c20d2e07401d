import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import type { Logger } from "../logger.js";
import { RelayConnection, type SessionFactory } from "./relay-connection.js";
import type { TwilioSignatureVerifier } from "./signature.js";

const CLOSE_HANDSHAKE_MS = 2000;

/**
 * The ConversationRelay WebSocket at /twilio/relay. The upgrade is refused (403, no socket, nothing
 * written) unless Twilio signed it; each accepted socket is one RelayConnection, and so one call session.
 */
export class RelaySocketServer {
  private readonly server = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 256 * 1024 });

  constructor(
    private readonly verifier: TwilioSignatureVerifier,
    private readonly createSession: SessionFactory,
    private readonly logger: Logger,
  ) {}

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const signature = request.headers["x-twilio-signature"];
    if (!this.verifier.isValidRelayUpgrade(Array.isArray(signature) ? signature[0] : signature)) {
      this.logger.warn(
        { signed: Boolean(signature) },
        "refused a relay WebSocket upgrade with a missing or invalid signature",
      );
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
  }

  private readonly sessionsClosing = new Set<Promise<void>>();

  private accept(ws: WebSocket): void {
    const connection = new RelayConnection(
      (message) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
      },
      this.createSession,
      this.logger,
    );
    ws.on("message", (data, isBinary) => {
      if (isBinary) {
        this.logger.warn("ignored a binary frame on the relay socket");
        return;
      }
      connection.receive(data.toString());
    });
    ws.on("close", (code) => {
      const closing = connection.closed(code).finally(() => this.sessionsClosing.delete(closing));
      this.sessionsClosing.add(closing);
    });
    ws.on("error", (error) => this.logger.warn({ err: error }, "relay socket error"));
  }

  /**
   * Closes every live session as "going away" (Twilio reports the drop and the call can resume on
   * another process) and resolves once each session has queued its last writes.
   */
  async close(): Promise<void> {
    const clients = [...this.server.clients];
    await Promise.all(
      clients.map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === ws.CLOSED) return resolve();
            // A peer that does not answer the close handshake is cut off.
            const timer = setTimeout(() => ws.terminate(), CLOSE_HANDSHAKE_MS);
            ws.once("close", () => {
              clearTimeout(timer);
              resolve();
            });
            ws.close(1001, "server shutting down");
          }),
      ),
    );
    await Promise.all(this.sessionsClosing);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
