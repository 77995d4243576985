import { randomBytes } from 'node:crypto';
import { type CofferClient, createClient, memoryCache } from '@coffer/core';
import type { ProviderCapabilities, ProviderSuiteOptions, SeedEntry } from './options.js';
import { resolveRunner, type TestRunner } from './runner.js';

/** The default naming of the suites: `/prefix/a/b`, as Parameter Store names go. */
export const defaultNameOf = (prefix: string, ...segments: string[]): string => `/${prefix}/${segments.join('/')}`;

/** Fixtures of one test: name segments (under the test's own prefix) and a value. */
export type Fixtures = Array<[string[], SeedEntry['value']]>;

/** What a test gets: a caching client over a new provider, and its fixture names. */
export interface TestContext {
  client: CofferClient;
  name: (...segments: string[]) => string;
}

/** What every group of the provider suite shares. */
export interface SuiteContext {
  options: ProviderSuiteOptions;
  caps: Required<Pick<ProviderCapabilities, 'hierarchical'>> & ProviderCapabilities;
  runner: TestRunner;
  /** Declares a test: seeds `fixtures` under a fresh prefix, runs `body`, closes the client. */
  test(title: string, fixtures: Fixtures, body: (context: TestContext) => Promise<void>): void;
}

/** Builds the shared context of the provider suite from its options. */
export function suiteContext(options: ProviderSuiteOptions): SuiteContext {
  const runner = resolveRunner(options.runner);
  const nameOf = options.nameOf ?? defaultNameOf;
  const timeout = options.timeoutMs ?? 20_000;
  const test = (title: string, fixtures: Fixtures, body: (context: TestContext) => Promise<void>) =>
    runner.it(
      title,
      async () => {
        const prefix = `cf${randomBytes(5).toString('hex')}`;
        const name = (...segments: string[]) => nameOf(prefix, ...segments);
        if (fixtures.length > 0) await options.seed(fixtures.map(([segments, value]) => ({ name: name(...segments), value })));
        const client = createClient({ provider: await options.make(), cache: memoryCache() });
        try {
          await body({ client, name });
        } finally {
          await client.close().catch(() => undefined);
        }
      },
      timeout,
    );
  return { options, caps: { hierarchical: true, ...options.capabilities }, runner, test };
}
