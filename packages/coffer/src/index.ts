/**
 * coffer, batteries included: the core API, every built-in provider (`aws.ps`, `aws.sm`,
 * `aws.dynamodb`, `env`, `file`, `vault`, registered on import) and every cache (memory, encrypted
 * SQLite, Redis, tiered).
 *
 * @example
 * ```ts
 * import { get, getByPath, pathExists, update, configure } from 'coffer';
 *
 * const password = await get('aws.sm', 'prod/db', { keypath: ['password'] });
 * ```
 */
export * from '@coffer/core';
export * from '@coffer/aws';
export * from '@coffer/aws-ps';
export * from '@coffer/aws-sm';
export * from '@coffer/aws-dynamodb';
export * from '@coffer/cache-keyv';
export * from '@coffer/local';
export * from '@coffer/vault';
export * from './serve/index.js';
export * from './references/index.js';
