import { join } from 'node:path';
import { providerSuite } from '@coffer/conformance';
import { type FileFormat, fileProvider } from '@coffer/local';
import { seedFile, tempFolder } from './file-fixtures';

const formats: Array<[FileFormat, string]> = [
  ['yaml', 'secrets.yml'],
  ['json', 'secrets.json'],
  ['dotenv', '.env'],
];

describe.each(formats)('file provider on a %s file', (format, fileName) => {
  const file = join(tempFolder(), fileName);
  providerSuite({
    name: `file (${format})`,
    make: () => fileProvider({ file }),
    seed: async (entries) => seedFile(file, format, entries),
    ...(format === 'dotenv' ? { nameOf: (prefix: string, ...segments: string[]) => `/${prefix}_${segments.join('_')}` } : {}),
    capabilities: { list: true, hierarchical: format !== 'dotenv', update: true, create: true, batch: true },
  });
});
