import { registerSchemes } from './schemes';

export { type KeyvCacheOptions, type KeyvStoreSource, keyvCache } from './keyv-cache';
export { cacheFromSpec } from './schemes';
export { defaultCachePath } from './sqlite-file';
export { tieredCache } from './tiered-cache';

registerSchemes();
