import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Starts every test service in scripts/harness/ (one module each, exporting `setup` and
 * `teardown`). A service publishes where it listens through environment variables, which the
 * test workers inherit.
 */
export default async function globalSetup(): Promise<void> {
  const folder = join(__dirname, 'harness');
  for (const file of readdirSync(folder)
    .filter((name) => name.endsWith('.ts'))
    .sort()) {
    const harness = (await import(join(folder, file))) as { setup?: () => Promise<void> };
    await harness.setup?.();
  }
}
