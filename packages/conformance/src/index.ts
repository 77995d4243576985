export { cacheSuite } from './cache-suite.js';
export type { CacheSuiteOptions, ProviderCapabilities, ProviderSuiteOptions, SeedEntry } from './options.js';
export { providerSuite } from './provider-suite.js';
export type { TestRunner } from './runner.js';
