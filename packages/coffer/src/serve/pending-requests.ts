import type { Server, Socket } from 'node:net';

/**
 * The connections a server accepted lately whose first request has not arrived yet: while there
 * are some, more requests are on their way (a burst being accepted and parsed over many turns),
 * so the gathering window keeps waiting for them. Only connections accepted in the last
 * `withinMs` count: one that stays silent (a pool's spare connection) stops counting then, and
 * idle kept-alive connections never count.
 */
export class PendingRequests {
  /** Each silent connection and when it was accepted, oldest first. */
  readonly #waiting = new Map<Socket, number>();

  constructor(private readonly withinMs = 50) {}

  /** Counts the connections `server` accepts from now on. */
  attach(server: Server): void {
    server.on('connection', (socket: Socket) => {
      this.#waiting.set(socket, Date.now());
      socket.once('close', () => this.#waiting.delete(socket));
    });
  }

  /** A request arrived on `socket`. */
  arrived(socket: Socket): void {
    this.#waiting.delete(socket);
  }

  /** Whether a request is on its way on a connection accepted lately. */
  get expecting(): boolean {
    const since = Date.now() - this.withinMs;
    for (const [socket, acceptedAt] of this.#waiting) {
      if (acceptedAt >= since) return true;
      this.#waiting.delete(socket);
    }
    return false;
  }
}
