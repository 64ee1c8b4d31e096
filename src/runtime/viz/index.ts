/**
 * Pictures of machines and plans: statecharts (`visualizations/`, `tpe viz
 * --machine`, the dashboard's ticket chart) and a plan's ticket DAG (`tpe
 * viz`, the dashboard's `/api/dag.svg`), as DOT, Mermaid or SVG rendered
 * offline by Graphviz in WebAssembly.
 */
export { agentTypeColors, type TypeColor } from './agentTypeColors.js';
export { MACHINE_DIAGRAMS, MACHINE_NAMES, machineDiagramFiles, machineMermaid, machineSvg, ticketMachineSvg, type MachineName } from './machineDiagrams.js';
export { mermaidText } from './mermaidText.js';
export { exceedsSvgLimits, PLAN_SVG_LIMITS, planDagSvg, planSize, type PlanDagSvg, type PlanDagSvgOptions, type PlanSize } from './planDagSvg.js';
export { CRITICAL_COLOR, planDot, shortTitle, type PlanDotOptions } from './planDot.js';
export { planMermaid } from './planMermaid.js';
export { renderDotOffThread, type RenderOffThreadOptions } from './renderDotOffThread.js';
export { graphvizFailure, renderDotToSvg, renderMachineSvg, stableSvg } from './renderDotToSvg.js';
