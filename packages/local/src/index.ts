import { registerProvider } from '@coffer/core';
import { type EnvProviderOptions, envProvider } from './env-provider';
import { type FileProviderOptions, fileProvider } from './file-provider';

export { envProvider } from './env-provider';
export { type FileFormat, formatOf } from './file-format';
export { fileProvider } from './file-provider';
export type { EnvProviderOptions, FileProviderOptions };
export { writeFileAtomic } from './atomic-write';
export { formatDotenvValue, parseDotenv } from './dotenv';

// Importing the package is enough for `get('env', ...)` and `get('file', ...)` to work.
registerProvider<EnvProviderOptions>('env', (options) => envProvider(options as EnvProviderOptions));
registerProvider<FileProviderOptions>('file', (options) => fileProvider(options as FileProviderOptions));
