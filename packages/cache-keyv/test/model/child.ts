// A separate Node process that holds one client of a model run at a time, driven over IPC by
// child-pool.ts: it makes the client as a user would, runs the calls it is sent, and sends each
// backend request of its provider to the parent, where the run's backend lives.
import type { BackendAnswer, BackendRequest } from './backend';
import { type ClientHandle, localClient, outcomeOf } from './clients';
import { installClock, setClockOffset } from './clock';
import type { ParentMessage } from './child-pool';

installClock();
let client: ClientHandle | undefined;
let next = 0;
const waiting = new Map<number, (answer: BackendAnswer) => void>();

const send = (message: unknown) => process.send?.(message);

function backend(request: BackendRequest): Promise<BackendAnswer> {
  const id = ++next;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    send({ type: 'backend', id, request });
  });
}

async function serve(message: ParentMessage): Promise<unknown> {
  switch (message.type) {
    case 'clock':
      setClockOffset(message.offset);
      return undefined;
    case 'make':
      setClockOffset(message.offset);
      client = localClient(message.kind, message.store, backend, message.scope, message.batch);
      return undefined;
    case 'close':
      await client?.close();
      client = undefined;
      return undefined;
    case 'call': {
      if (!client) throw new Error('no client');
      const method = client[message.method] as (...args: unknown[]) => Promise<unknown>;
      return await method(...message.args);
    }
  }
}

process.on('message', (message: ParentMessage | { type: 'answer'; id: number; answer: BackendAnswer }) => {
  if (message.type === 'answer') {
    waiting.get(message.id)?.(message.answer);
    waiting.delete(message.id);
    return;
  }
  serve(message).then(
    (result) => send({ type: 'done', id: message.id, result }),
    (error: unknown) => send({ type: 'done', id: message.id, result: outcomeOf(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
