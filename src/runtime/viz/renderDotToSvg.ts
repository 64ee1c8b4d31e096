/**
 * Graphviz DOT to SVG, offline: `@viz-js/viz` is Graphviz compiled to
 * WebAssembly and bundled in the package, so nothing is downloaded and no
 * `dot` binary is needed. Starting an instance compiles the module (tens of
 * ms), so one instance is made on first use and shared.
 *
 * The SVG is made byte-stable: Graphviz writes its version and the graph name
 * into an XML prolog and comments, which would change committed files on
 * every upgrade, and it escapes `-` as `&#45;`, which would hide
 * `id="state-executing"` from anyone searching the text (the DOM reads both
 * the same; `-` needs no escaping anywhere in XML once comments are gone).
 * The diagram font gets its look-alikes as fallbacks (see `DIAGRAM_FONT`).
 */
import { instance, type Viz } from '@viz-js/viz';
import type { AnyStateMachine } from 'xstate';
import { DIAGRAM_FONT } from '../../machines/dotSyntax.js';
import { toDot } from '../../machines/toDot.js';

let viz: Promise<Viz> | undefined;

/** Renders DOT with the `dot` layout; throws with Graphviz's own messages when the DOT is invalid. */
export async function renderDotToSvg(dot: string): Promise<string> {
  viz ??= instance();
  const result = (await viz).render(dot, { format: 'svg', engine: 'dot' });
  if (result.status !== 'success') throw graphvizFailure(result.errors.map((e) => e.message.trim()));
  return stableSvg(result.output);
}

/** The error for DOT that Graphviz refused, with its own messages. */
export function graphvizFailure(messages: readonly string[]): Error {
  return new Error(`Graphviz could not render the graph: ${messages.join('; ') || 'unknown error'}`);
}

/** Same widths as Verdana (Graphviz sized the text for it), then any sans. */
const FONT_FAMILY = `${DIAGRAM_FONT},DejaVu Sans,sans-serif`;

/** The SVG element alone: no prolog, doctype or comments; `&#45;` back to `-`; the font with fallbacks. */
export function stableSvg(svg: string): string {
  const start = svg.indexOf('<svg');
  const body = (start >= 0 ? svg.slice(start) : svg)
    .replace(/<!--[\s\S]*?-->\n?/g, '')
    .replace(/&#45;/g, '-')
    .replaceAll(`font-family="${DIAGRAM_FONT}"`, `font-family="${FONT_FAMILY}"`);
  return body.endsWith('\n') ? body : `${body}\n`;
}

/** A statechart as SVG: `toDot`, rendered. States keep their ids (`#state-executing`). */
export async function renderMachineSvg(machine: AnyStateMachine): Promise<string> {
  return renderDotToSvg(toDot(machine));
}
