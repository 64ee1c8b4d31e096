import { editFrontmatter, type FrontmatterFields } from './editFrontmatter.js';

/**
 * Sets (or, with `undefined`, removes) top-level keys of a markdown file's
 * frontmatter, changing nothing else byte for byte (see `editFrontmatter`).
 * A file without a readable frontmatter comes back unchanged: callers that
 * need to say why use `editFrontmatter`, whose result names the reason.
 *
 * @example
 * setFrontmatterFields('---\nstatus: pending # todo\n---\nBody', { status: 'completed', completed: '2025-08-18' })
 * // '---\nstatus: completed # todo\ncompleted: 2025-08-18\n---\nBody'
 */
export function setFrontmatterFields(text: string, fields: FrontmatterFields): string {
  return editFrontmatter(text, fields).text;
}
