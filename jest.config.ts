import type { Config } from 'jest';

const packages = ['core', 'conformance', 'aws', 'aws-ps', 'aws-sm', 'aws-dynamodb', 'cache-keyv', 'local', 'vault', 'gcp-sm', 'coffer'];

// Workspace packages resolve to their TypeScript source, so tests never need a build first.
const moduleNameMapper = {
  // Sources import each other as './x.js' (what the ESM build needs); jest loads the './x.ts'.
  '^(\\.{1,2}/.*)\\.js$': '$1',
  '^@coffer/(aws|aws-ps|aws-sm)/extension$': '<rootDir>/../$1/src/extension.ts',
  '^@coffer/(core|conformance|aws|aws-ps|aws-sm|aws-dynamodb|cache-keyv|local|vault|gcp-sm)$': '<rootDir>/../$1/src/index.ts',
  '^@coffer/(cache-keyv|local)/(sqlite|redis|yaml)$': '<rootDir>/../$1/src/$2.ts',
  '^coffer$': '<rootDir>/../coffer/src/index.ts',
  '^coffer/(sqlite|redis|yaml)$': '<rootDir>/../coffer/src/$1.ts',
};

const transform = { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] } as Config['transform'];

const config: Config = {
  // Test services (the AWS emulator, Redis) start once for the whole run: see scripts/harness/.
  globalSetup: '<rootDir>/scripts/jest-global-setup.ts',
  globalTeardown: '<rootDir>/scripts/jest-global-teardown.ts',
  reporters: ['default', '<rootDir>/scripts/summary-reporter.js'],
  // A guard against hangs, not a speed check: tests against moto, OpenBao and real processes
  // take seconds on a loaded machine, and every test counts calls, never time.
  testTimeout: 30_000,
  projects: [
    ...packages.map((name) => ({
      displayName: name,
      rootDir: `<rootDir>/packages/${name}`,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      transform,
      moduleNameMapper,
      testEnvironment: 'node',
    })),
    {
      // Packs every public package and installs the tarballs with npm in a clean project.
      displayName: 'packaging',
      rootDir: '<rootDir>/scripts/packaging',
      testMatch: ['<rootDir>/*.test.ts'],
      transform,
      testEnvironment: 'node',
    },
    {
      displayName: 'examples',
      rootDir: '<rootDir>/examples',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      transform,
      moduleNameMapper: {
        '^(\\.{1,2}/.*)\\.js$': '$1',
        '^@coffer/(aws|aws-ps|aws-sm)/extension$': '<rootDir>/../packages/$1/src/extension.ts',
        '^@coffer/(core|conformance|aws|aws-ps|aws-sm|aws-dynamodb|cache-keyv|local|vault|gcp-sm)$':
          '<rootDir>/../packages/$1/src/index.ts',
        '^@coffer/(cache-keyv|local)/(sqlite|redis|yaml)$': '<rootDir>/../packages/$1/src/$2.ts',
        '^coffer$': '<rootDir>/../packages/coffer/src/index.ts',
        '^coffer/(sqlite|redis|yaml)$': '<rootDir>/../packages/coffer/src/$1.ts',
      },
      testEnvironment: 'node',
    },
  ],
};

export default config;
