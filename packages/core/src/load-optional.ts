import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Loads an optional package (a provider or the Keyv cache) only when it is asked for, from the
 * application's own dependencies. `undefined` when it is not installed.
 */
export function loadOptional(name: string): unknown {
  // `require` and `__dirname` exist in the CommonJS build; the ESM build looks from the application.
  const load = typeof require === 'function' ? require : createRequire(join(process.cwd(), 'noop.js'));
  const entry = process.argv[1] ? dirname(process.argv[1]) : undefined;
  const here = typeof __dirname === 'string' ? __dirname : undefined;
  const bases = [process.cwd(), entry, here].filter((base): base is string => typeof base === 'string');
  for (const base of bases) {
    let resolved: string;
    try {
      resolved = load.resolve(name, { paths: [base] });
    } catch {
      continue;
    }
    return load(resolved);
  }
  return undefined;
}
