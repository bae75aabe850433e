import { type ExplainResult } from './results';

/** Sum of a Prometheus counter's series in a /metrics text. */
export function metricSum(text: string, name: string): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/**
 * Reads FerretDB's explain (*Pushdown flags and queryPlanner.Plan: PostgreSQL's JSON plan, or SQLite's
 * plan lines) or MongoDB's (winningPlan stages).
 */
export function parseExplain(raw: Record<string, unknown>): ExplainResult {
  const planner = (raw['queryPlanner'] ?? {}) as Record<string, unknown>;
  const flag = (name: string) => (typeof raw[name] === 'boolean' ? (raw[name] as boolean) : null);
  if (planner['Plan'] && typeof planner['Plan'] === 'object' && !Array.isArray(planner['Plan'])) {
    const plan: string[] = [];
    const walk = (node: Record<string, unknown>) => {
      const on = [node['Index Name'] ? `using ${String(node['Index Name'])}` : '', node['Relation Name'] ? `on ${String(node['Relation Name'])}` : ''];
      plan.push([node['Node Type'], ...on].filter(Boolean).join(' '));
      for (const child of (node['Plans'] as Record<string, unknown>[] | undefined) ?? []) walk(child);
    };
    walk(planner['Plan'] as Record<string, unknown>);
    return {
      filterPushdown: flag('filterPushdown'),
      sortPushdown: flag('sortPushdown'),
      limitPushdown: flag('limitPushdown'),
      plan,
      usesIndex: plan.some((line) => / using /.test(line)),
    };
  }
  if (Array.isArray(planner['Plan'])) {
    const plan = (planner['Plan'] as unknown[]).map(String);
    return {
      filterPushdown: flag('filterPushdown'),
      sortPushdown: flag('sortPushdown'),
      limitPushdown: flag('limitPushdown'),
      plan,
      usesIndex: plan.some((line) => /USING (COVERING )?INDEX/.test(line)),
    };
  }
  const stages: string[] = [];
  let node = planner['winningPlan'] as Record<string, unknown> | undefined;
  while (node) {
    stages.push([node['stage'], node['indexName']].filter(Boolean).join(' '));
    node = (node['inputStage'] ?? node['queryPlan']) as Record<string, unknown> | undefined;
  }
  return { filterPushdown: null, sortPushdown: null, limitPushdown: null, plan: stages, usesIndex: stages.some((s) => s.startsWith('IXSCAN')) };
}
