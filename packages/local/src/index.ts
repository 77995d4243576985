import { registerProvider } from '@coffer/core';
import './types.js';
import { type EnvProviderOptions, envProvider } from './env-provider.js';
import { type FileProviderOptions, fileProvider } from './file-provider.js';

export { envProvider } from './env-provider.js';
export { type FileFormat, formatOf } from './file-format.js';
export { fileProvider } from './file-provider.js';
export type { EnvProviderOptions, FileProviderOptions };
export type { EnvTypes, FileTypes } from './types.js';
export { writeFileAtomic } from './atomic-write.js';
export { formatDotenvValue, parseDotenv } from './dotenv.js';

// Importing the package is enough for `get('env', ...)` and `get('file', ...)` to work.
registerProvider('env', (options) => envProvider(options));
registerProvider('file', (options) => fileProvider(options));
