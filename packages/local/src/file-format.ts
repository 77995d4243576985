import { basename } from 'node:path';
import { importOptional, UnsupportedError } from '@coffer/core';
import { DotenvSyntaxError, parseDotenv, setDotenv } from './dotenv.js';
import { isFolder, ownChild, setOwn, type Tree } from './tree.js';

/**
 * The file formats the `file` provider reads and writes.
 *
 * @example
 * ```ts
 * const provider = fileProvider({ file: 'secrets.conf', format: 'yaml' });
 * ```
 */
export type FileFormat = 'json' | 'yaml' | 'dotenv';

type Yaml = typeof import('yaml');
let yaml: Yaml | undefined;

// A variable name: bundlers leave `yaml` out unless the application imports `coffer/yaml`.
const fromHere = (name: string): Promise<unknown> => import(name);

/**
 * Loads what a format needs before it is parsed: `yaml` for YAML, on first use only, so that a
 * bundle reading JSON or `.env` files (or none) does not carry it.
 */
export async function prepareFormat(format: FileFormat): Promise<void> {
  if (format !== 'yaml' || yaml) return;
  const message = "reading YAML needs the yaml package: npm install yaml (in a bundle, also import 'coffer/yaml')";
  yaml = await importOptional<Yaml>('yaml', fromHere, (cause) => new UnsupportedError(message, { provider: 'file', cause }));
}

/** A file that could not be parsed. The message has a line and column at most: never the text. */
export class FileSyntaxError extends Error {}

/**
 * The format of a file from its name: `.json`, `.yaml`/`.yml`, and `.env`, `*.env` or `.env.*`;
 * anything else is read as YAML (which JSON is a subset of).
 *
 * @example
 * ```ts
 * formatOf('/srv/app/.env.production'); // 'dotenv'
 * ```
 */
export function formatOf(file: string): FileFormat {
  const name = basename(file).toLowerCase();
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return 'yaml';
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return 'dotenv';
  return 'yaml';
}

function where(line: number | undefined, column: number | undefined): string {
  return line === undefined ? '' : ` (line ${line}${column === undefined ? '' : `, column ${column}`})`;
}

function lineColumn(text: string, position: number): [number, number] {
  const before = text.slice(0, position).split('\n');
  return [before.length, (before.at(-1)?.length ?? 0) + 1];
}

function parseJson(text: string): unknown {
  try {
    return text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    // V8's message may quote the text around the error: keep only the position.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const [line, column] = position === undefined ? [undefined, undefined] : lineColumn(text, Number(position));
    throw new FileSyntaxError(`not valid JSON${where(line, column)}`);
  }
}

function parseYaml(text: string) {
  if (!yaml) throw new Error('prepareFormat(yaml) was not awaited');
  const document = yaml.parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const first = document.errors[0];
  if (first) {
    const [line, column] = lineColumn(text, first.pos[0]);
    throw new FileSyntaxError(`not valid YAML${where(line, column)}`);
  }
  return document;
}

function checkTree(tree: unknown, format: FileFormat): Tree {
  if (tree === null || tree === undefined) return {};
  if (typeof tree !== 'object' || Array.isArray(tree)) {
    throw new FileSyntaxError(`the top level of a ${format === 'json' ? 'JSON' : 'YAML'} file must be an object`);
  }
  return tree as Tree;
}

/** Parses a file's text into a tree. */
export function parseFile(text: string, format: FileFormat): Tree {
  switch (format) {
    case 'json':
      return checkTree(parseJson(text), format);
    case 'yaml':
      return checkTree(parseYaml(text).toJS({ maxAliasCount: 1000 }), format);
    case 'dotenv':
      try {
        return parseDotenv(text);
      } catch (error) {
        if (error instanceof DotenvSyntaxError) throw new FileSyntaxError(`not a valid .env file (line ${error.line})`);
        throw error;
      }
  }
}

function indentOf(text: string): string | number {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1];
  if (indent) return indent;
  return text.trim().includes('\n') ? 2 : 0;
}

/**
 * The file's text with one value set at a path, everything else kept: YAML comments and layout
 * (through the `yaml` document API), JSON indentation, `.env` lines.
 */
export function setInFile(text: string, format: FileFormat, segments: readonly string[], value: unknown): string {
  switch (format) {
    case 'json': {
      const tree = structuredClone(checkTree(parseJson(text), format));
      let folder = tree;
      for (const segment of segments.slice(0, -1)) {
        let next = ownChild(folder, segment);
        if (!isFolder(next)) {
          next = {};
          setOwn(folder, segment, next);
        }
        folder = next as Tree;
      }
      setOwn(folder, segments.at(-1) as string, value);
      const indent = text.trim() === '' ? 2 : indentOf(text);
      return `${JSON.stringify(tree, null, indent)}${text === '' || text.endsWith('\n') ? '\n' : ''}`;
    }
    case 'yaml': {
      const document = parseYaml(text);
      checkTree(document.toJS(), format);
      document.setIn(segments, document.createNode(value));
      // lineWidth 0: never fold a long value (a token, a key) across lines.
      return document.toString({ lineWidth: 0 });
    }
    case 'dotenv':
      parseFile(text, format);
      return setDotenv(text, segments[0] as string, typeof value === 'string' ? value : JSON.stringify(value));
  }
}
