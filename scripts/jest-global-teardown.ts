import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Stops every test service started by jest-global-setup.ts, in reverse order. */
export default async function globalTeardown(): Promise<void> {
  const folder = join(__dirname, 'harness');
  for (const file of readdirSync(folder)
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .reverse()) {
    const harness = (await import(join(folder, file))) as { teardown?: () => Promise<void> };
    await harness.teardown?.();
  }
}
