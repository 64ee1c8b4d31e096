/**
 * Builds a CompiledPlan in code for runtime tests, without YAML: tickets by
 * id, dependencies and conflicts by id, sensible defaults for the rest.
 */
import type { AgentTypeSpec, CompiledPlan, CompiledTicket, Priority, WorkSpec } from '../../src/plan/types.js';

export interface TicketSpec {
  id: string;
  agent?: string;
  priority?: Priority;
  estimateMs?: number;
  dependsOn?: string[];
  after?: string[];
  conflictsWith?: string[];
  resources?: Record<string, number>;
  isolated?: boolean;
  gates?: number;
  rollback?: boolean;
  retries?: number;
  backoffMs?: number;
  timeoutMs?: number;
  registryStatus?: string;
  work?: WorkSpec;
}

export interface PlanSpec {
  agents?: Array<Partial<AgentTypeSpec> & { name: string; count: number }>;
  resources?: Record<string, number>;
  strategy?: CompiledPlan['strategy'];
  baseDir?: string;
}

export function makePlan(specs: TicketSpec[], plan: PlanSpec = {}): CompiledPlan {
  const index = new Map(specs.map((s, i) => [s.id, i]));
  const idx = (id: string) => {
    const i = index.get(id);
    if (i === undefined) throw new Error(`makePlan: unknown ticket ${id}`);
    return i;
  };
  const conflicts = specs.map(() => new Set<number>());
  specs.forEach((s, i) => {
    for (const c of s.conflictsWith ?? []) {
      conflicts[i]?.add(idx(c));
      conflicts[idx(c)]?.add(i);
    }
  });
  const baseDir = plan.baseDir ?? '/tmp';
  const tickets: CompiledTicket[] = specs.map((s, i) => ({
    index: i,
    id: s.id,
    title: `Ticket ${s.id}`,
    agent: s.agent ?? 'shell',
    category: undefined,
    priority: s.priority ?? 'medium',
    estimateMs: s.estimateMs,
    dependsOn: (s.dependsOn ?? []).map(idx),
    after: (s.after ?? []).map(idx),
    conflictsWith: [...(conflicts[i] ?? [])],
    resources: s.resources ?? {},
    files: [],
    isolated: s.isolated ?? false,
    work: s.work ?? { kind: 'function', input: undefined },
    validate: Array.from({ length: s.gates ?? 0 }, (_, g) => ({ name: `gate ${g + 1}`, command: { argv: ['true'] }, timeoutMs: 60_000 })),
    rollback: s.rollback ? { argv: ['true'] } : undefined,
    timeoutMs: s.timeoutMs ?? 3_600_000,
    retries: s.retries ?? 0,
    backoffMs: s.backoffMs ?? 1000,
    cwd: baseDir,
    env: {},
    file: undefined,
    registryStatus: s.registryStatus,
    group: undefined,
    source: { file: '<test>', line: 1, col: 1 },
  }));
  return {
    name: 'test-plan',
    file: '<test>',
    baseDir,
    strategy: plan.strategy ?? 'balanced',
    agents: (plan.agents ?? [{ name: 'shell', count: 2 }]).map((a) => ({ executor: 'function', ...a })),
    resources: plan.resources ?? {},
    tickets,
    defaultEstimateMs: 60_000,
    noRetryExitCodes: [78],
    killGraceMs: 100,
  };
}
