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
  /**
   * Which handler: `handler.ts` (the SDK) or `handler-extension.ts` (the extension's local API).
   * @default 'sdk'
   */
  variant?: 'sdk' | 'extension';
  /**
   * CommonJS, or an ES module (`.mjs`) with the `require` that the SDK's CommonJS modules need.
   * @default 'cjs'
   */
  format?: 'cjs' | 'esm';
  /**
   * With `format: 'esm'`, whether the bundle defines `require` (needed when the SDK is bundled).
   * @default true
   */
  requireBanner?: boolean;
}

/** What {@link bundleHandler} made: the size in bytes and every module it put in. */
export interface Bundle {
  bytes: number;
  inputs: string[];
}

/**
 * Bundles a Lambda handler into one minified file with esbuild, preferring ES modules
 * (`mainFields: ['module', 'main']`): its size in bytes and, from esbuild's metafile, the modules
 * it holds (the budget check looks for the AWS SDK in them).
 *
 * @example
 * ```ts
 * const { bytes, inputs } = await bundleHandler({ outfile: 'dist/handler.js', variant: 'extension' });
 * ```
 */
export async function bundleHandler(options: BundleOptions): Promise<Bundle> {
  const result = await build({
    entryPoints: [join(__dirname, options.variant === 'extension' ? 'handler-extension.ts' : 'handler.ts')],
    outfile: options.outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: options.format ?? 'cjs',
    // The SDK clients' ES modules, shaken to the commands sent (docs/lambda.md leads with this).
    mainFields: ['module', 'main'],
    // An ES module bundle gets a `require` for the CommonJS modules in it (as the CDK's docs say).
    ...(options.format === 'esm' && options.requireBanner !== false
      ? { banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } }
      : {}),
    metafile: true,
    logLevel: 'error',
    external: options.sdkExternal ? ['@aws-sdk/*', '@smithy/*'] : [],
  });
  const bytes = Object.values(result.metafile.outputs).reduce((total, output) => total + output.bytes, 0);
  return { bytes, inputs: Object.keys(result.metafile.inputs) };
}

if (require.main === module) {
  const outdir = join(__dirname, '..', 'dist');
  Promise.all([
    bundleHandler({ outfile: join(outdir, 'handler.js') }),
    bundleHandler({ outfile: join(outdir, 'handler-sdk-external.js'), sdkExternal: true }),
    bundleHandler({ outfile: join(outdir, 'handler-extension.js'), variant: 'extension' }),
  ]).then(([full, slim, extension]) => {
    console.log(`dist/handler.js               ${(full.bytes / 1024).toFixed(0)} KB (AWS SDK included)`);
    console.log(`dist/handler-sdk-external.js  ${(slim.bytes / 1024).toFixed(0)} KB (AWS SDK from the Lambda runtime)`);
    console.log(`dist/handler-extension.js     ${(extension.bytes / 1024).toFixed(0)} KB (no AWS SDK: the extension's local API)`);
  });
}
