/**
 * Loads an optional package (a provider or the Keyv cache) only when it is asked for, from the
 * application's own dependencies. `undefined` when it is not installed.
 */
export function loadOptional(name: string): unknown {
  const bases = [process.cwd(), require.main?.path, __dirname].filter((base): base is string => typeof base === 'string');
  for (const base of bases) {
    let resolved: string;
    try {
      resolved = require.resolve(name, { paths: [base] });
    } catch {
      continue;
    }
    return require(resolved);
  }
  return undefined;
}
