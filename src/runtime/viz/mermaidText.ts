/**
 * Text inside a quoted Mermaid label (`t0["…"]`). Mermaid reads `"` as the
 * end of the label, `<…>` as HTML and `#…;` as an entity, and has its own
 * entity syntax (`#quot;`) for writing them: every such character becomes
 * its entity, in one pass so that no entity is escaped twice.
 */
const ENTITIES: Readonly<Record<string, string>> = { '"': '#quot;', '<': '#lt;', '>': '#gt;', '&': '#amp;', '#': '#35;', '`': '#96;' };

export function mermaidText(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/["<>&#`]/g, (c) => ENTITIES[c] ?? c);
}
