import { createClient, memoryProvider, refreshOnError, ValidationError } from '@coffer/core';

class AuthError extends Error {}

describe('refreshOnError', () => {
  it('refreshes the secret, runs the callback and calls once more after a matching error', async () => {
    const provider = memoryProvider({ seed: { '/db/pw': 'old' } });
    const client = createClient({ provider });
    const live = { password: 'old' };
    const onRefresh = jest.fn();
    const connect = refreshOnError(
      async () => {
        const password = await client.get<string>('/db/pw');
        if (password !== live.password) throw new AuthError('rejected');
        return `connected with ${password.length} chars`;
      },
      { client, paths: ['/db/pw'], when: AuthError, onRefresh },
    );
    expect(await connect()).toBe('connected with 3 chars');
    live.password = 'rotated';
    provider.set('/db/pw', 'rotated');
    expect(await connect()).toBe('connected with 7 chars');
    expect(onRefresh).toHaveBeenCalledTimes(1);
  });

  it('lets an error that does not match through without refreshing', async () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/x': 'v' } }) });
    const refresh = jest.spyOn(client, 'refresh');
    const failing = refreshOnError(
      async () => {
        throw new TypeError('bug');
      },
      { client, paths: ['/x'], when: AuthError },
    );
    await expect(failing()).rejects.toBeInstanceOf(TypeError);
    expect(refresh).not.toHaveBeenCalled();
  });

  it('throws the second failure as it is', async () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/x': 'v' } }) });
    let calls = 0;
    const failing = refreshOnError(
      async () => {
        calls++;
        throw new AuthError(`attempt ${calls}`);
      },
      { client, paths: ['/x'], when: (error) => error instanceof AuthError },
    );
    await expect(failing()).rejects.toThrow('attempt 2');
    expect(calls).toBe(2);
  });

  it('needs a client and paths', () => {
    expect(() => refreshOnError(async () => 1, { client: undefined as never, paths: [] })).toThrow(ValidationError);
  });
});
