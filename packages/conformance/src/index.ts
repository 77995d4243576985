export { cacheSuite } from './cache-suite';
export type { CacheSuiteOptions, ProviderCapabilities, ProviderSuiteOptions, SeedEntry } from './options';
export { providerSuite } from './provider-suite';
