// The gateway and the subgraphs run in this process, so a prototype polluted by a request would show
// here: every built-in prototype's own properties are compared with what they were at start.
const PROTOTYPES: Record<string, object> = {
  Object: Object.prototype,
  Array: Array.prototype,
  String: String.prototype,
  Number: Number.prototype,
  Boolean: Boolean.prototype,
  Function: Function.prototype,
  Promise: Promise.prototype,
  Map: Map.prototype,
};

const ownProperties = (): Record<string, string[]> =>
  Object.fromEntries(Object.entries(PROTOTYPES).map(([name, proto]) => [name, Reflect.ownKeys(proto).map(String).sort()]));

/** A reading of the built-in prototypes to compare later readings with. */
export const prototypeBaseline = (): Record<string, string[]> => ownProperties();

/** What was added to or removed from a built-in prototype since the baseline, plus the classic probes. */
export function pollutionSince(baseline: Record<string, string[]>): string[] {
  const now = ownProperties();
  const changes: string[] = [];
  for (const [name, keys] of Object.entries(now)) {
    const before = new Set(baseline[name]);
    const after = new Set(keys);
    for (const key of after) if (!before.has(key)) changes.push(`${name}.prototype.${key} added`);
    for (const key of before) if (!after.has(key)) changes.push(`${name}.prototype.${key} removed`);
  }
  const probe = {} as Record<string, unknown>;
  for (const key of ['polluted', 'isAdmin', 'roles', 'parentCompany', 'tenant', '$where', 'admin']) {
    if (probe[key] !== undefined) changes.push(`({}).${key} is ${JSON.stringify(probe[key])}`);
  }
  return changes;
}
