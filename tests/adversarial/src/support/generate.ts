// Operations generated from the schema: where the IDs of a field's arguments are, which object type
// each one names, minimal valid argument values, and a selection of everything an answer may show.
import { randomInt } from 'node:crypto';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';
import { containsId, hasRequiredArgs, type OperationKind, type RootField } from './schema';

/** One place in a field's arguments that takes an ID, e.g. `input.customerId`. */
export interface IdSlot {
  /** Dotted path from the argument: `id`, `input.customerId`, `filter.driverIds`. */
  readonly key: string;
  readonly segments: readonly string[];
  /** The argument or input field's own name. */
  readonly name: string;
  /** The input type holding it, or the root field's name for a top-level argument. */
  readonly parent: string;
  /** A list of IDs (`[ID!]`). */
  readonly list: boolean;
  /** Non-null along the whole path: the call cannot leave it out. */
  readonly required: boolean;
  /** Inside an argument named `filter` (a list's filter, where an empty answer is a valid answer). */
  readonly underFilter: boolean;
}

/** Every ID-typed argument position of a root field, at any depth of its input objects. */
export function idSlots(field: RootField): IdSlot[] {
  const slots: IdSlot[] = [];
  const walk = (type: GraphQLInputType, segments: string[], parent: string, required: boolean, underFilter: boolean, seen: ReadonlySet<string>) => {
    let inner: GraphQLInputType = type;
    let req = required;
    if (isNonNullType(inner)) inner = inner.ofType;
    else req = false;
    let list = false;
    while (isListType(inner) || isNonNullType(inner)) {
      if (isListType(inner)) list = true;
      inner = inner.ofType as GraphQLInputType;
    }
    if (isInputObjectType(inner)) {
      if (seen.has(inner.name)) return;
      const next = new Set([...seen, inner.name]);
      for (const f of Object.values(inner.getFields())) walk(f.type, [...segments, f.name], inner.name, req && f.defaultValue === undefined, underFilter, next);
      return;
    }
    if (isScalarType(inner) && inner.name === 'ID') {
      slots.push({ key: segments.join('.'), segments, name: segments.at(-1)!, parent, list, required: req, underFilter });
    }
  };
  for (const arg of field.args) walk(arg.type, [arg.name], field.name, arg.defaultValue === undefined, arg.name === 'filter', new Set());
  return slots;
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const lastWord = (s: string): string => /[A-Z][a-z0-9]*$/.exec(s)?.[0] ?? s;

/**
 * The object type an ID slot names, among the `known` types that have ids: `id` is the field's own
 * return type (or the type its name mentions, for payloads); `customerId` is `Customer`; `itemId`
 * the known type ending in `Item`; ambiguous suffixes (`locationId`) go to the candidate whose prefix
 * the context mentions (the operation, the input type, the other slots' types).
 */
export function resolveIdType(field: RootField, slot: IdSlot, known: readonly string[], siblingTypes: readonly string[] = []): string | undefined {
  const base = slot.name.replace(/Ids?$/, '');
  const context = [field.name, slot.parent, ...siblingTypes].join(' ').toLowerCase();
  if (base === slot.name || base === '') {
    const own = getNamedType(field.type).name;
    if (slot.segments.length === 1 && known.includes(own)) return own;
    const mentioned = known.filter((t) => context.includes(t.toLowerCase())).sort((a, b) => b.length - a.length);
    return mentioned[0];
  }
  const wanted = capitalize(base);
  if (known.includes(wanted)) return wanted;
  const word = lastWord(wanted);
  const candidates = known.filter((t) => t.endsWith(wanted) || wanted.endsWith(t) || t.endsWith(word));
  if (candidates.length <= 1) return candidates[0];
  const prefix = (t: string) => t.slice(0, t.length - word.length).toLowerCase();
  const scored = candidates.map((t) => ({ t, score: (prefix(t) && context.includes(prefix(t)) ? 2 : 0) + (wanted.endsWith(t) ? 1 : 0) }));
  scored.sort((a, b) => b.score - a.score || a.t.length - b.t.length);
  return scored[0]!.t;
}

/** Resolves every slot of a field, the ambiguous ones with the others' types as context. */
export function resolveSlots(field: RootField, slots: readonly IdSlot[], known: readonly string[]): Map<string, string | undefined> {
  const first = new Map(slots.map((s) => [s.key, resolveIdType(field, s, known)]));
  const types = [...first.values()].filter((t): t is string => Boolean(t));
  return new Map(
    slots.map((s) => [
      s.key,
      resolveIdType(
        field,
        s,
        known,
        types.filter((t) => t !== first.get(s.key)),
      ),
    ]),
  );
}

/** Ids by object type, in the order they were found (the first is the one calls use). */
export class IdPool {
  readonly byType = new Map<string, string[]>();

  add(type: string, id: string): void {
    const ids = this.byType.get(type) ?? [];
    if (!ids.includes(id)) ids.push(id);
    this.byType.set(type, ids);
  }

  first(type: string | undefined): string | undefined {
    return type ? this.byType.get(type)?.[0] : undefined;
  }

  types(): string[] {
    return [...this.byType.keys()];
  }

  all(): Set<string> {
    return new Set([...this.byType.values()].flat());
  }

  /** Adds every `{ __typename, id }` object of a response. */
  collect(value: unknown): void {
    if (Array.isArray(value)) {
      for (const item of value) this.collect(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const object = value as Record<string, unknown>;
    if (typeof object['__typename'] === 'string' && typeof object['id'] === 'string') this.add(object['__typename'], object['id']);
    for (const inner of Object.values(object)) this.collect(inner);
  }
}

/** What argument values are built from. */
export interface ValueEnv {
  /** Put into every free-text value, so a response carrying the tenant's data can be recognised. */
  readonly tag: string;
  /** A number unique within the run, for values that must be unique. */
  next(): number;
  /** The id for a required ID slot that `ids` does not fill. */
  defaultId(slot: IdSlot): string;
}

// ISO 3779: weights and transliteration for the check digit at position 9.
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const VIN_VALUES: Record<string, number> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};

/** A valid 17-character VIN for model year 2022 (code N) with a random serial. */
export function randomVin(): string {
  const draft = `1FUJHHDR0NA${String(randomInt(1_000_000)).padStart(6, '0')}`;
  const sum = [...draft].reduce((total, char, i) => total + (/\d/.test(char) ? Number(char) : VIN_VALUES[char]!) * VIN_WEIGHTS[i]!, 0);
  const check = sum % 11 === 10 ? 'X' : String(sum % 11);
  return `${draft.slice(0, 8)}${check}${draft.slice(9)}`;
}

const DAY_MS = 86_400_000;
const isoIn = (ms: number): string => new Date(Date.now() + ms).toISOString();

/** A plausible value for a scalar, from its input field's name (the schema says no more than the type). */
export function plausibleScalar(scalar: string, name: string, parent: string, env: ValueEnv): unknown {
  const lower = name.toLowerCase();
  const n = env.next();
  switch (scalar) {
    case 'Int': {
      const ints: Record<string, number> = {
        year: 2022,
        qty: 5,
        weightlbs: 20_000,
        ratecents: 150_000,
        lengthfeet: 53,
        level: 3,
        minlevel: 2,
        estimatedminutes: 60,
        intervalmiles: 25_000,
        intervaldays: 90,
        unitcostcents: 1_250,
        costcents: 5_000,
        odometer: 1_000,
        reorderpoint: 2,
        pickupindex: 0,
        first: 10,
      };
      return ints[lower] ?? 1;
    }
    case 'Float': {
      if (lower === 'lat' || lower === 'latitude') return 30.2672;
      if (lower === 'lng' || lower === 'longitude') return -97.7431;
      if (lower.includes('enginehours')) return 100;
      if (lower.includes('speed')) return 80;
      return 1;
    }
    case 'Boolean':
      return false;
    case 'JSON':
      return {};
    default:
      break;
  }
  const tag = env.tag;
  if (lower === 'vin') return randomVin();
  if (lower.includes('email')) return `${tag.toLowerCase()}-${n}@example.test`;
  if (lower.includes('phone')) return `+1 512-555-${String(1000 + (n % 9000))}`;
  if (['state', 'licensestate', 'region'].includes(lower)) return 'TX';
  if (lower === 'country') return 'US';
  if (['postalcode', 'zip', 'zipcode', 'zipcodes'].includes(lower)) return '78701';
  if (lower === 'city') return 'Austin';
  if (lower === 'line1') return `${n} Congress Ave`;
  if (lower === 'timezone') return 'America/Chicago';
  if (lower.endsWith('on') || lower.endsWith('before') || lower === 'date') return '2030-06-30';
  if (/workinghours/i.test(parent) && (lower === 'start' || lower === 'end')) return lower === 'start' ? '08:00' : '17:00';
  if (lower === 'start') return isoIn(DAY_MS);
  if (lower === 'end') return isoIn(DAY_MS + 4 * 3_600_000);
  if (lower.endsWith('at') || lower === 'from' || lower === 'to') return new Date().toISOString();
  if (/skill/i.test(parent) && lower === 'name') return 'plumbing';
  if (lower === 'sku' || lower.endsWith('number') || lower.endsWith('reference') || lower === 'plate') return `${tag}-${n}`.toUpperCase();
  return `${tag} ${name} ${n}`;
}

const PLAIN_FIELD_PREFERENCE = ['name', 'notes', 'title', 'description', 'make', 'label'];

/**
 * Minimal valid arguments for a root field: every required argument and input field, plus the ID
 * slots named in `ids` (required ones not in `ids` get `env.defaultId`). An input object that would
 * stay empty gets one optional plain field, since "give at least one field" is a common rule.
 */
export function buildArgs(field: RootField, ids: ReadonlyMap<string, string>, env: ValueEnv): Record<string, unknown> {
  const slots = new Map(idSlots(field).map((s) => [s.key, s]));
  const wanted = (key: string) => [...ids.keys()].some((k) => k === key || k.startsWith(`${key}.`));

  const value = (type: GraphQLInputType, segments: string[], parent: string, underFilter: boolean): unknown => {
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) {
      const element = value(inner.ofType as GraphQLInputType, segments, parent, underFilter);
      return element === undefined ? undefined : [element];
    }
    const key = segments.join('.');
    if (isInputObjectType(inner)) {
      const object: Record<string, unknown> = {};
      const fields = Object.values(inner.getFields());
      for (const f of fields) {
        const fieldKey = `${key}.${f.name}`;
        const required = isNonNullType(f.type) && f.defaultValue === undefined;
        if (!required && !wanted(fieldKey)) continue;
        const v = value(f.type, [...segments, f.name], inner.name, underFilter);
        if (v !== undefined) object[f.name] = v;
      }
      if (Object.keys(object).length === 0 && !underFilter) {
        const plain = fields
          .filter(
            (f) =>
              !containsId(f.type) &&
              (isScalarType(getNamedType(f.type)) || isEnumType(getNamedType(f.type))) &&
              !isListType(isNonNullType(f.type) ? f.type.ofType : f.type),
          )
          .sort((a, b) => rank(a.name) - rank(b.name))[0];
        if (plain) object[plain.name] = value(plain.type, [...segments, plain.name], inner.name, underFilter);
      }
      return object;
    }
    if (isEnumType(inner)) return inner.getValues()[0]?.value;
    if (isScalarType(inner) && inner.name === 'ID') {
      const slot = slots.get(key);
      const given = ids.get(key);
      if (given !== undefined) return given;
      return slot?.required ? env.defaultId(slot) : undefined;
    }
    return plausibleScalar(inner.name, segments.at(-1) ?? '', parent, env);
  };
  const rank = (name: string) => {
    const i = PLAIN_FIELD_PREFERENCE.indexOf(name);
    return i === -1 ? PLAIN_FIELD_PREFERENCE.length : i;
  };

  const args: Record<string, unknown> = {};
  for (const arg of field.args) {
    const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
    if (!required && !wanted(arg.name)) continue;
    const v = value(arg.type, [arg.name], field.name, arg.name === 'filter');
    if (v !== undefined) args[arg.name] = v;
  }
  return args;
}

/** Sets a value at a slot's path (the first element of any list on the way). */
export function setAt(args: Record<string, unknown>, slot: IdSlot, id: string): void {
  let target: unknown = args;
  for (const [i, segment] of slot.segments.entries()) {
    if (Array.isArray(target)) target = target[0];
    if (target === null || typeof target !== 'object') return;
    const object = target as Record<string, unknown>;
    if (i === slot.segments.length - 1) {
      object[segment] = slot.list ? [id] : id;
      return;
    }
    if (object[segment] === undefined) object[segment] = {};
    target = object[segment];
  }
}

/**
 * A selection of everything a client could see of a type: scalars at every level, objects down to
 * `depth` (their `__typename` and `id` let the caller tell whose data came back).
 */
export function selectionOf(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isInterfaceType(named) || isUnionType(named)) return '{ __typename }';
  if (!isObjectType(named)) return '';
  const parts = ['__typename'];
  for (const f of Object.values(named.getFields())) {
    if (hasRequiredArgs(f)) continue;
    const inner = getNamedType(f.type);
    if (isScalarType(inner) || isEnumType(inner)) parts.push(f.name);
    else if (depth > 0 && (isObjectType(inner) || isInterfaceType(inner) || isUnionType(inner))) parts.push(`${f.name} ${selectionOf(inner, depth - 1)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

/** An operation calling one root field with its arguments as variables. */
export function operationFor(kind: OperationKind, field: RootField, args: Record<string, unknown>, depth = 2): { query: string; variables: Record<string, unknown> } {
  const used = field.args.filter((a) => a.name in args);
  const definitions = used.length ? `(${used.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')})` : '';
  const call = used.length ? `(${used.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  const name = `Adversarial${capitalize(field.name)}`;
  return { query: `${kind} ${name}${definitions} { ${field.name}${call} ${selectionOf(field.type, depth)} }`, variables: args };
}
