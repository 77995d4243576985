import { lineAt, splitEmbedded } from './embedded-references.js';
import { type ResolveReferencesOptions, readReferences } from './read-references.js';

/**
 * Options of {@link renderTemplate}.
 *
 * @example
 * ```ts
 * await renderTemplate(text, { file: 'config.tpl', baseDir: 'deploy' });
 * ```
 */
export interface RenderTemplateOptions extends ResolveReferencesOptions {
  /**
   * The template's name in error messages (`config.tpl:12: ...`).
   * @default 'template'
   */
  file?: string;
}

/** A rendered template, and the secret texts that went into it. */
export interface RenderedTemplate {
  readonly text: string;
  readonly secrets: readonly string[];
}

/** {@link renderTemplate}, also reporting the resolved secret texts. */
export async function renderWithSecrets(template: string, options: RenderTemplateOptions = {}): Promise<RenderedTemplate> {
  const file = options.file ?? 'template';
  const parts = splitEmbedded(template);
  const wanted = parts.flatMap((part) =>
    'reference' in part ? [{ label: `${file}:${lineAt(template, part.offset)}`, text: part.reference }] : [],
  );
  const texts = await readReferences(wanted, options);
  let next = 0;
  return { text: parts.map((part) => ('literal' in part ? part.literal : texts[next++])).join(''), secrets: texts };
}

/**
 * Renders a text with references inside it, written `{{ ref+vault://secret/app/db#/password }}`
 * (any scheme of {@link resolveReferences}), in one pass batched as `resolveReferences` is. One
 * reference that cannot be resolved fails the whole render, naming the template's line.
 *
 * @example
 * ```ts
 * const yaml = await renderTemplate('url: postgres://app:{{ ref+awssecrets://prod/db#/password }}@db/app\n');
 * ```
 */
export async function renderTemplate(template: string, options: RenderTemplateOptions = {}): Promise<string> {
  return (await renderWithSecrets(template, options)).text;
}
