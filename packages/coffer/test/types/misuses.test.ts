import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

// tsc already fails when a misuse compiles (`@ts-expect-error` unused). This test checks the
// other half: each misuse fails for the reason its comment gives, not for an unrelated error.
const root = join(__dirname, '..', '..', '..', '..');
const file = join(__dirname, 'misuses.ts');
const MARKER = /^\s*\/\/ @ts-expect-error \[(.+)\]\s*$/;

interface Misuse {
  reason: string;
  line: number;
}

function misusesOf(text: string): Misuse[] {
  const found: Misuse[] = [];
  text.split('\n').forEach((line, i) => {
    const match = MARKER.exec(line);
    if (match) found.push({ reason: match[1] as string, line: i + 1 });
  });
  return found;
}

function diagnosticsWithoutMarkers(text: string): ts.Diagnostic[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.tests.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => undefined,
    },
  );
  if (!config) throw new Error('tsconfig.tests.json could not be read');
  // The same file with each marker blanked (so line numbers stay), compiled alone.
  const stripped = text.replace(/\/\/ @ts-expect-error \[.+\]/g, '');
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === file ? stripped : readFile(name));
  const program = ts.createProgram([file], { ...config.options, noEmit: true }, host);
  return ts.getPreEmitDiagnostics(program).filter((diagnostic) => diagnostic.file?.fileName === file);
}

describe('the misuses of issue 13', () => {
  const text = readFileSync(file, 'utf8');
  const misuses = misusesOf(text);
  let diagnostics: ts.Diagnostic[] = [];

  beforeAll(() => {
    diagnostics = diagnosticsWithoutMarkers(text);
  }, 120_000);

  it('lists the 19 of the issue and more', () => {
    expect(misuses.length).toBeGreaterThanOrEqual(19);
    for (let n = 1; n <= 19; n++) expect(text).toContain(`// ${n}. `);
  });

  it('fails to compile each one, for the reason its comment names', () => {
    const wrong: string[] = [];
    for (const { reason, line } of misuses) {
      const messages = diagnostics
        .filter((diagnostic) => {
          const start = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1;
          return start === line + 1;
        })
        .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      if (!messages.some((message) => message.includes(reason)))
        wrong.push(`line ${line + 1} [${reason}]: ${messages.join(' | ') || 'compiles'}`);
    }
    expect(wrong).toEqual([]);
  });
});
