import type { Unwatch, WatchListener, WatchStream, WatchUpdate } from './watch-types.js';

/** How many updates a stream keeps for a loop that has not asked for them yet: the newest win. */
const KEPT = 16;

/**
 * Turns a listener subscription into an async iterable: `subscribe` is called once with the
 * listener that feeds the stream, and its unwatch is called when the loop ends or on `close()`.
 * A loop slower than the updates gets the newest ones (older are dropped past {@link KEPT}).
 */
export function watchStream<Value>(subscribe: (listener: WatchListener<Value>) => Unwatch): WatchStream<Value> {
  const queued: WatchUpdate<Value>[] = [];
  let waiting: ((result: IteratorResult<WatchUpdate<Value>>) => void) | undefined;
  let done = false;
  const unwatch = subscribe((_value, update) => {
    if (done) return;
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve({ value: update, done: false });
      return;
    }
    queued.push(update);
    if (queued.length > KEPT) queued.shift();
  });
  const close = () => {
    if (done) return;
    done = true;
    unwatch();
    queued.length = 0;
    waiting?.({ value: undefined, done: true });
    waiting = undefined;
  };
  const stream: WatchStream<Value> = {
    next() {
      const update = queued.shift();
      if (update !== undefined) return Promise.resolve({ value: update, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return() {
      close();
      return Promise.resolve({ value: undefined, done: true });
    },
    close,
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}
