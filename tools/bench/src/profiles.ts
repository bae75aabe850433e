import { type DataShape } from './seed/data';

/** Everything a run's size depends on. */
export interface Profile {
  readonly name: 'quick' | 'full';
  readonly shape: DataShape;
  /** Interleaved pairs: connections, warm-up per side, rounds and round length. */
  readonly load: { readonly connections: number; readonly warmupSeconds: number; readonly rounds: number; readonly roundSeconds: number };
  /** The nested-list pairs: a request without loaders takes seconds on FerretDB, so fewer connections and rounds. */
  readonly nested: { readonly connections: number; readonly rounds: number };
  /** The nested lists' sizes for the command counts (the last is the one loaded for throughput). */
  readonly nestedSizes: readonly number[];
  /** CPU per request: rounds of about `roundSeconds` each (sized from a warm-up), after the warm-up. */
  readonly cpu: { readonly rounds: number; readonly roundSeconds: number; readonly warmupSeconds: number };
  readonly directoryRequests: number;
  readonly tenfold: { readonly factor: number; readonly samplesBefore: number; readonly samplesAfter: number };
  /** Audit events added to one tenant's chain, and mutations timed before and after. */
  readonly auditGrowth: { readonly events: number; readonly samples: number };
}

/**
 * The default: 50 tenants and about 100k documents. Most of them are GPS pings (as in a real
 * fleet); the collections the measured lists read hold 250–1,500 documents each. They were kept
 * small when FerretDB ran on SQLite, which read a whole collection for every tenant query (with
 * 6,000 loads one list request took several seconds on the 2-core machine); they stay so for
 * figures comparable with earlier runs, and the tenfold measurement grows them.
 */
export const FULL: Profile = {
  name: 'full',
  shape: {
    truckingTenants: 25,
    serviceTenants: 25,
    officeUsers: 6,
    vehicles: 20,
    drivers: 20,
    loads: 60,
    pings: 3_700,
    customers: 20,
    technicians: 10,
    items: 20,
    workOrders: 60,
  },
  load: { connections: 8, warmupSeconds: 5, rounds: 5, roundSeconds: 8 },
  nested: { connections: 2, rounds: 3 },
  nestedSizes: [10, 25, 50],
  cpu: { rounds: 3, roundSeconds: 5, warmupSeconds: 2 },
  directoryRequests: 200,
  tenfold: { factor: 10, samplesBefore: 10, samplesAfter: 5 },
  auditGrowth: { events: 10_000, samples: 20 },
};

/** A smoke run: small data, short rounds; finishes in a few minutes. */
export const QUICK: Profile = {
  name: 'quick',
  shape: {
    truckingTenants: 5,
    serviceTenants: 5,
    officeUsers: 5,
    vehicles: 8,
    drivers: 8,
    loads: 55,
    pings: 200,
    customers: 15,
    technicians: 6,
    items: 12,
    workOrders: 55,
  },
  load: { connections: 4, warmupSeconds: 1, rounds: 2, roundSeconds: 2 },
  nested: { connections: 2, rounds: 2 },
  nestedSizes: [10, 50],
  cpu: { rounds: 1, roundSeconds: 2, warmupSeconds: 1 },
  directoryRequests: 50,
  tenfold: { factor: 10, samplesBefore: 3, samplesAfter: 2 },
  auditGrowth: { events: 1_000, samples: 5 },
};

/** Documents the shape seeds in all, by the same arithmetic as seed/data.ts. */
export function documentCount(shape: DataShape): number {
  const trucking = shape.truckingTenants * (shape.officeUsers + shape.drivers + 1 + shape.vehicles + shape.drivers + shape.loads + shape.pings);
  const service = shape.serviceTenants * (shape.officeUsers + shape.technicians + 1 + 2 + shape.items * 3 + shape.customers + shape.technicians + shape.workOrders);
  return trucking + service;
}
