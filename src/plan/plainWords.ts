/**
 * A field value as words: lower case, emoji, punctuation and separators
 * (`-`, `_`, spaces) gone, the words joined by `joiner`. `"🔴 HIGH"` is `high`,
 * `"In_Progress"` is `in-progress`. Letters and digits of every script stay.
 */
export function plainWords(text: string, joiner = '-'): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, joiner)
    .split(joiner)
    .filter((w) => w !== '')
    .join(joiner);
}
