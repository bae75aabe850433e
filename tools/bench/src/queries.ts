import { buildSchema, getNamedType, isObjectType, isScalarType, isEnumType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';

/** One operation the bench sends, with the error codes it may legitimately answer with. */
export interface BenchOperation {
  readonly name: string;
  readonly query: string;
  readonly variables?: Readonly<Record<string, unknown>>;
  /** Codes of errors that are part of the operation's normal answer (e.g. another industry's field). */
  readonly expectedErrors?: readonly string[];
}

/** A nested list operation of a given size. */
export interface NestedOperation {
  readonly name: string;
  /** The list field (e.g. `loads`), for messages and the report. */
  readonly list: string;
  readonly industry: 'trucking' | 'serviceRepair';
  readonly query: string;
  readonly relations: readonly string[];
  readonly at: (first: number) => BenchOperation;
}

export interface BenchQueries {
  /** core only: the gateway-vs-direct pair. */
  readonly single: BenchOperation;
  /** core + trucking, with a second round to core for the users: the ours-vs-Hive pair. */
  readonly fanOut: BenchOperation;
  /**
   * One subgraph, answered without the database (a route over inline stops, computed in memory):
   * the ours-vs-Hive pair that compares the gateways on their own cost. Null when the schema has no such field.
   */
  readonly computeOnly: BenchOperation | null;
  /** core, trucking and service in one operation (CPU per request). */
  readonly threeSubgraphs: BenchOperation;
  readonly nested: readonly NestedOperation[];
  /** A plain page of a tenant's list (the tenfold measurement). */
  readonly tenantList: BenchOperation & { readonly list: string };
  /** Which schema fields were found and which fallbacks were used. */
  readonly notes: readonly string[];
}

/** Scalar fields that make a readable label, in order of preference. */
const LABELS = ['name', 'referenceNumber', 'unitNumber', 'licenseNumber', 'title', 'sku', 'number', 'email', 'status'];

const objectType = (schema: GraphQLSchema, name: string): GraphQLObjectType | undefined => {
  const type = schema.getType(name);
  return type && isObjectType(type) ? type : undefined;
};

const fieldType = (type: GraphQLObjectType, field: string): GraphQLObjectType | undefined => {
  const f = type.getFields()[field];
  if (!f) return undefined;
  const named = getNamedType(f.type);
  return isObjectType(named) ? named : undefined;
};

const isLeaf = (type: GraphQLObjectType, field: string): boolean => {
  const f = type.getFields()[field];
  if (!f || f.args.some((a) => a.type.toString().endsWith('!'))) return false;
  const named = getNamedType(f.type);
  return isScalarType(named) || isEnumType(named);
};

/** `id` and the first label field the type has; for a relation without a label, `item`'s. */
export function selectionOf(type: GraphQLObjectType, depth = 1): string {
  // A label, or else any other scalar: selecting only `id` could let a resolver skip the read.
  const label = LABELS.find((l) => isLeaf(type, l)) ?? Object.keys(type.getFields()).find((f) => f !== 'id' && isLeaf(type, f));
  const fields = ['id', ...(label ? [label] : [])].filter((f) => isLeaf(type, f));
  if (depth > 0) {
    for (const nested of ['item']) {
      const t = fieldType(type, nested);
      if (t) fields.push(`${nested} { ${selectionOf(t, depth - 1)} }`);
    }
    if (isLeaf(type, 'qty') && !fields.includes('qty')) fields.push('qty');
  }
  return fields.join(' ');
}

/** The list's connection node type, when `Query.<list>` is a connection. */
function nodeType(schema: GraphQLSchema, list: string): GraphQLObjectType | undefined {
  const query = schema.getQueryType() ?? undefined;
  const connection = query && fieldType(query, list);
  const edge = connection && fieldType(connection, 'edges');
  return edge && fieldType(edge, 'node');
}

function nested(
  schema: GraphQLSchema,
  options: { name: string; list: string; industry: NestedOperation['industry']; relations: readonly string[] },
): NestedOperation | undefined {
  const node = nodeType(schema, options.list);
  if (!node) return undefined;
  const present = options.relations.filter((r) => fieldType(node, r));
  if (present.length === 0) return undefined;
  const selections = present.map((r) => `${r} { ${selectionOf(fieldType(node, r)!)} }`);
  const query = `query ${options.name}($first: Int!) {
  ${options.list}(first: $first) {
    edges {
      node {
        ${selectionOf(node, 0)}
        ${selections.join('\n        ')}
      }
    }
  }
}`;
  return {
    name: options.name,
    list: options.list,
    industry: options.industry,
    query,
    relations: present,
    at: (first) => ({ name: options.name, query, variables: { first } }),
  };
}

/**
 * The bench's operations, chosen from what the composed API schema offers now: loads and work
 * orders with their relations when they exist, otherwise vehicles and work orders with createdBy.
 */
export function buildQueries(apiSchemaSdl: string): BenchQueries {
  const schema = buildSchema(apiSchemaSdl);
  const notes: string[] = [];

  const trucking =
    nested(schema, { name: 'NestedLoads', list: 'loads', industry: 'trucking', relations: ['driver', 'vehicle', 'createdBy'] }) ??
    nested(schema, { name: 'NestedVehicles', list: 'vehicles', industry: 'trucking', relations: ['createdBy'] });
  const service =
    nested(schema, { name: 'NestedWorkOrders', list: 'workOrders', industry: 'serviceRepair', relations: ['customer', 'technician', 'parts'] }) ??
    nested(schema, { name: 'NestedWorkOrdersCreatedBy', list: 'workOrders', industry: 'serviceRepair', relations: ['createdBy'] });
  const nestedOps = [trucking, service].filter((op): op is NestedOperation => op !== undefined);
  for (const op of nestedOps) notes.push(`${op.name}: \`${op.list}\` with ${op.relations.map((r) => `\`${r}\``).join(', ')} (as the composed schema offers them).`);
  if (trucking?.list !== 'loads' || trucking.relations.length < 3)
    notes.push('Loads with driver, vehicle and createdBy are not (all) in the schema: the trucking nested list falls back to what is.');
  if (service && service.relations.length < 3)
    notes.push('Work orders with customer, technician and parts are not (all) in the schema: the service nested list falls back to createdBy.');

  const user = objectType(schema, 'User');
  const three = user && user.getFields()['driverProfile'] && user.getFields()['technicianProfile'];
  const fanOut = `query FanOut {
  me { id name roles }
  tenant { id name appType }
  vehicles(first: 20) {
    totalCount
    edges { node { id unitNumber make model createdBy { id name } } }
  }
}`;
  const threeSubgraphs = three
    ? `query ThreeSubgraphs {
  me {
    id name roles
    driverProfile { id licenseNumber }
    technicianProfile { id }
  }
  vehicles(first: 10) { edges { node { id unitNumber } } }
}`
    : fanOut;
  if (three) {
    notes.push(
      'ThreeSubgraphs: `User` is the only entity all three subgraphs share, and each tenant has one industry, so for a trucking tenant `technicianProfile` is answered by the service subgraph with FEATURE_DISABLED (partial data, as the contract says). The gateway still plans and sends three subgraph fetches.',
    );
  } else notes.push('User.driverProfile / User.technicianProfile are not in the schema: the three-subgraph CPU measurement uses FanOut.');

  const loadsNode = nodeType(schema, 'loads');
  const tenantList = loadsNode
    ? {
        name: 'TenantLoads',
        list: 'loads',
        query: `query TenantLoads {\n  loads(first: 20) {\n    totalCount\n    edges { node { ${selectionOf(loadsNode, 0)} status } }\n  }\n}`,
      }
    : {
        name: 'TenantVehicles',
        list: 'vehicles',
        query: 'query TenantVehicles {\n  vehicles(first: 20) {\n    totalCount\n    edges { node { id unitNumber status } }\n  }\n}',
      };

  const query = schema.getQueryType()?.getFields();
  const computeOnly = query?.['optimizeRoute']
    ? {
        name: 'RouteOnly',
        query: `query RouteOnly {
  optimizeRoute(input: {
    start: { latitude: 41.88, longitude: -87.63 }
    stops: [
      { id: "p1", type: pickup, location: { latitude: 41.6, longitude: -87.9 } }
      { id: "d1", type: delivery, location: { latitude: 42.3, longitude: -83.0 }, pickupId: "p1" }
      { id: "d2", type: delivery, location: { latitude: 41.5, longitude: -81.7 }, pickupId: "p1" }
    ]
  }) {
    totalDistanceKm
    stops { id sequence }
  }
}`,
      }
    : null;
  if (!computeOnly) notes.push('optimizeRoute is not in the schema: the gateways are compared only on database-bound pairs.');

  return {
    single: { name: 'TenantInfo', query: 'query TenantInfo {\n  tenant { id slug name appType active paymentStatus }\n}' },
    fanOut: { name: 'FanOut', query: fanOut },
    computeOnly,
    threeSubgraphs: { name: three ? 'ThreeSubgraphs' : 'FanOut', query: threeSubgraphs, expectedErrors: three ? ['FEATURE_DISABLED'] : [] },
    nested: nestedOps,
    tenantList,
    notes,
  };
}
