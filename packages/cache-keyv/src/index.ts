import { registerSchemes } from './schemes.js';

export {
  type KeyvCacheCommonOptions,
  type KeyvCacheFileOptions,
  type KeyvCacheOptions,
  type KeyvCacheStoreOptions,
  type KeyvStoreSource,
  keyvCache,
} from './keyv-cache.js';
export { cacheFromSpec } from './schemes.js';
export { defaultCachePath } from './sqlite-file.js';
export { tieredCache } from './tiered-cache.js';

registerSchemes();
