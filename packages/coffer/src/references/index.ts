export { isReference, type ParseReferenceOptions, parseReference, type Reference } from './parse-reference.js';
export { loadReferenceFile, parseReferenceFile } from './reference-file.js';
export { type RenderTemplateOptions, renderTemplate } from './render-template.js';
export { type ResolvedReferences, type ResolveReferencesOptions, resolveReferences } from './resolve-references.js';
