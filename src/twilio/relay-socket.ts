import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { Logger } from "../logger.js";
import type { CallSession } from "../conversation/call-session.js";
import type { RelayOutboundMessage } from "./relay-messages.js";
import type { TwilioSignatureVerifier } from "./signature.js";

export type SessionFactory = (send: (message: RelayOutboundMessage) => void) => CallSession;

/**
 * The ConversationRelay WebSocket at /twilio/relay. The upgrade is refused (403, no socket, nothing
 * written) unless Twilio signed it; each accepted socket is one call session.
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
      this.logger.warn({ signed: Boolean(signature) }, "refused a relay WebSocket upgrade with a missing or invalid signature");
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    const session = this.createSession((message) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    });
    ws.on("message", (data, isBinary) => {
      if (isBinary) {
        this.logger.warn("ignored a binary frame on the relay socket");
        return;
      }
      session.handleFrame(data.toString());
    });
    ws.on("close", (code) => session.handleClose(code));
    ws.on("error", (error) => this.logger.warn({ err: error }, "relay socket error"));
  }

  /** Closes every live session as "going away": Twilio reports the drop and the call resumes elsewhere. */
  async close(): Promise<void> {
    for (const ws of this.server.clients) ws.close(1001, "server shutting down");
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
