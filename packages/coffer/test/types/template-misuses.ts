/**
 * Misuses of the template and reference API that must not compile (`tsc -p tsconfig.tests.json`
 * fails when a line marked `@ts-expect-error` compiles).
 */
import { renderTemplate, resolveReferences } from 'coffer';

export async function templateMisuses(template: string): Promise<void> {
  // A misspelt option.
  // @ts-expect-error baseDri is not an option
  await renderTemplate(template, { baseDri: '/srv' });

  // The template is text, not a file name's object.
  // @ts-expect-error a template is a string
  await renderTemplate({ file: 'config.tpl' });

  // @ts-expect-error the file name in messages is a string
  await renderTemplate(template, { file: 3 });

  const env = await resolveReferences({ URL: 'postgres://app:{{ ref+vault://secret/app/db#/password }}@db/app' });
  const url: string = env.URL;
  // @ts-expect-error only the names given are there
  env.OTHER;
  void url;
}
