import { same } from './assertions.js';
import type { SuiteContext } from './support.js';

/** `getByPath`: nested listings keyed by full name, one level, trailing slashes, empty paths. */
export function listTests({ options, caps, runner, test }: SuiteContext): void {
  runner.describe(`${options.name} conformance: listing`, () => {
    test(
      'lists nested secrets keyed by full name, decoded',
      [
        [['app', 'x'], 'one'],
        [['app', 'sub', 'y'], '{"k":2}'],
        [['app', 'sub', 'deep', 'z'], 'three'],
        // A prefix-matching provider (Secrets Manager) would list a sibling like this one.
        ...(caps.hierarchical ? [[['apple'], 'not under app'] as [string[], string]] : []),
      ],
      async ({ client, name }) => {
        same(await client.getByPath(name('app')), {
          [name('app', 'x')]: 'one',
          [name('app', 'sub', 'y')]: { k: 2 },
          [name('app', 'sub', 'deep', 'z')]: 'three',
        });
      },
    );

    if (caps.hierarchical) {
      test(
        'lists one level only when not recursive, and treats a trailing slash the same',
        [
          [['app', 'x'], 'one'],
          [['app', 'sub', 'y'], 'two'],
        ],
        async ({ client, name }) => {
          same(await client.getByPath(name('app'), { recursive: false }), { [name('app', 'x')]: 'one' });
          same(Object.keys(await client.getByPath(`${name('app')}/`)).sort(), [name('app', 'sub', 'y'), name('app', 'x')].sort());
        },
      );
    }

    test('returns {} for a path with nothing under it', [[['x'], '1']], async ({ client, name }) => {
      same(await client.getByPath(name('empty')), {});
    });
  });
}
