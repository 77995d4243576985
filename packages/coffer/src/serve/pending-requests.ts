import type { Server, Socket } from 'node:net';

/**
 * The connections a server accepted whose first request has not arrived yet: while there are
 * some, more requests are on their way (a burst being parsed over many turns), so the gathering
 * window keeps waiting for them rather than for a fixed time. Idle keep-alive connections are
 * not counted: only the wait for a connection's first request is.
 */
export class PendingRequests {
  readonly #waiting = new Set<Socket>();

  /** Counts the connections `server` accepts from now on. */
  attach(server: Server): void {
    server.on('connection', (socket: Socket) => {
      this.#waiting.add(socket);
      socket.once('close', () => this.#waiting.delete(socket));
    });
  }

  /** A request arrived on `socket`. */
  arrived(socket: Socket): void {
    this.#waiting.delete(socket);
  }

  /** Whether a request is on its way on a connection already accepted. */
  get expecting(): boolean {
    return this.#waiting.size > 0;
  }
}
