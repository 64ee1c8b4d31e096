/** `2025-08-18T10:00:00Z`: ISO 8601 in UTC to the second, as people write it in frontmatter. */
export function formatIsoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
