/**
 * Writing Graphviz DOT safely: quoted ids, attribute lists, HTML-like labels.
 * Shared by the statechart emitter (`toDot`) and the plan DAG
 * (`runtime/viz/planDot`); pure string building, so it lives beside the
 * machines and the runtime may import it without the machines importing the
 * runtime.
 */

/**
 * The one font of every diagram. Graphviz sizes boxes from its own table of
 * font metrics and knows only single family names: a list such as
 * `Helvetica,Arial,sans-serif` is sized as Times, narrower than any sans, so
 * labels overflowed their boxes. Verdana is sized as itself, and its metrics
 * match DejaVu Sans (Linux) too; the SVG names both (`renderDotToSvg`), so
 * the boxes fit on every system.
 */
export const DIAGRAM_FONT = 'Verdana';

/** A DOT id in double quotes: any text is safe inside (ticket ids, titles, dotted state paths). */
export function quoteDot(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

/** Text for an HTML-like label (`label=<…>`): markup characters escaped. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A value marked as an HTML-like label: written as `<…>`, not quoted. */
export interface HtmlLabel {
  html: string;
}

export type DotValue = string | number | boolean | HtmlLabel;

/**
 * `[a="x", b=2, label=<…>]` in the order given (callers pass literal objects, so
 * the same input gives the same bytes); undefined values are left out.
 */
export function dotAttrs(attrs: Record<string, DotValue | undefined>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    if (typeof value === 'object') parts.push(`${name}=<${value.html}>`);
    else if (typeof value === 'number' || typeof value === 'boolean') parts.push(`${name}=${String(value)}`);
    else parts.push(`${name}=${quoteDot(value)}`);
  }
  return parts.length ? ` [${parts.join(', ')}]` : '';
}

/**
 * A word safe as one CSS class (`type-<agent>`): agent names are free text,
 * and a space would split one class into two.
 */
export function classToken(s: string): string {
  return s.replace(/[^\w-]+/g, '_');
}

/**
 * Text for a tooltip. Graphviz expands backslash escapes in tooltips (`\N`
 * becomes the node name, `\G` the graph's) even when doubled, so a
 * backslash is shown as the look-alike `⧵`.
 */
export function tooltipText(s: string): string {
  return s.replace(/\\/g, '\u29f5');
}
