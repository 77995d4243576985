import { join } from 'node:path';
import { build } from 'esbuild';

/** Options of {@link bundleHandler}. */
export interface BundleOptions {
  /** Where the bundle goes. */
  outfile: string;
  /**
   * Leave the AWS SDK out, as the Lambda Node.js runtime already has SDK v3.
   * @default false
   */
  sdkExternal?: boolean;
}

/**
 * Bundles the Lambda handler into one minified file with esbuild and returns its size in bytes.
 *
 * @example
 * ```ts
 * const bytes = await bundleHandler({ outfile: 'dist/handler.js', sdkExternal: true });
 * ```
 */
export async function bundleHandler(options: BundleOptions): Promise<number> {
  const result = await build({
    entryPoints: [join(__dirname, 'handler.ts')],
    outfile: options.outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    metafile: true,
    logLevel: 'error',
    external: options.sdkExternal ? ['@aws-sdk/*', '@smithy/*'] : [],
  });
  return Object.values(result.metafile.outputs).reduce((total, output) => total + output.bytes, 0);
}

if (require.main === module) {
  const outdir = join(__dirname, '..', 'dist');
  Promise.all([
    bundleHandler({ outfile: join(outdir, 'handler.js') }),
    bundleHandler({ outfile: join(outdir, 'handler-sdk-external.js'), sdkExternal: true }),
  ]).then(([full, slim]) => {
    console.log(`dist/handler.js               ${(full / 1024).toFixed(0)} KB (AWS SDK included)`);
    console.log(`dist/handler-sdk-external.js  ${(slim / 1024).toFixed(0)} KB (AWS SDK from the Lambda runtime)`);
  });
}
