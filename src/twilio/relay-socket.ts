import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import type { Logger } from "../logger.js";
import type { CallDrain } from "./call-drain.js";
import { RelayConnection, type SessionFactory } from "./relay-connection.js";
import type { RelayTickets, TicketClaim } from "./relay-ticket.js";
import { twilioRoutes } from "./routes.js";
import type { TwilioSignatureVerifier } from "./signature.js";

const CLOSE_HANDSHAKE_MS = 2000;

/**
 * The ConversationRelay WebSockets, one URL per session (a session ticket: relay-ticket.ts). The
 * upgrade is refused (403, no socket, nothing written) unless Twilio signed that URL and the ticket
 * is still current; each accepted socket is one RelayConnection, and so one call session. A process
 * that is stopping takes no socket at all (503): Twilio reports the failure, and the call is parked.
 */
export class RelaySocketServer {
  private readonly server = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 256 * 1024 });

  constructor(
    private readonly verifier: TwilioSignatureVerifier,
    private readonly tickets: RelayTickets,
    private readonly createSession: SessionFactory,
    private readonly drain: CallDrain,
    private readonly logger: Logger,
  ) {}

  /** Whether a path is one of the relay sockets' (a ticket's, however good); app.ts routes by it. */
  handles(pathname: string): boolean {
    return pathname.startsWith(`${twilioRoutes.relay}/`);
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!this.drain.acceptsCalls) {
      socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    const pathAndQuery = request.url ?? "";
    const claim = this.tickets.claimIn(pathAndQuery);
    const header = request.headers["x-twilio-signature"];
    const signature = Array.isArray(header) ? header[0] : header;
    if (!claim || !this.verifier.isValidRelayUpgrade(signature, pathAndQuery)) {
      this.logger.warn(
        { signed: Boolean(signature), ticket: Boolean(claim) },
        "refused a relay WebSocket upgrade with a missing or invalid signature",
      );
      refuseUpgrade(socket);
      return;
    }
    if (!this.tickets.isCurrent(claim)) {
      this.logger.warn(
        { callSid: claim.callSid, issuedAt: claim.issuedAt },
        "refused a relay WebSocket upgrade with an expired ticket",
      );
      refuseUpgrade(socket);
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws, claim));
  }

  private readonly sessionsClosing = new Set<Promise<void>>();
  /** The call each live socket carries. */
  private readonly calls = new Map<WebSocket, string>();

  private accept(ws: WebSocket, claim: TicketClaim): void {
    const socket = {
      send(frame: string): void {
        if (ws.readyState === ws.OPEN) ws.send(frame);
      },
      close(code: number, reason: string): void {
        ws.close(code, reason);
      },
    };
    const connection = new RelayConnection(socket, claim, this.tickets, this.createSession, this.logger);
    this.calls.set(ws, claim.callSid);
    ws.on("message", (data, isBinary) => {
      if (isBinary) {
        this.logger.warn("ignored a binary frame on the relay socket");
        return;
      }
      connection.receive(data.toString());
    });
    ws.on("close", (code) => {
      this.calls.delete(ws);
      const closing = connection.closed(code).finally(() => this.sessionsClosing.delete(closing));
      this.sessionsClosing.add(closing);
    });
    ws.on("error", (error) => this.logger.warn({ err: error }, "relay socket error"));
  }

  /**
   * Closes every live session as "going away" (Twilio reports the drop and the call resumes, here
   * after a restart or on another process) and resolves once each session has queued its last
   * writes. Each closed call's action callback is awaited (CallDrain).
   */
  async close(): Promise<void> {
    const clients = [...this.server.clients];
    await Promise.all(
      clients.map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === ws.CLOSED) return resolve();
            const callSid = this.calls.get(ws);
            if (callSid) this.drain.awaitCallback(callSid);
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

function refuseUpgrade(socket: Duplex): void {
  socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
}
