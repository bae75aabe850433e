/**
 * Every domain event the system publishes: its type, the version of its payload, the subgraph that
 * records it and the collection whose documents carry it until it reaches that subgraph's outbox.
 * A payload change that a subscriber could trip on is a new version, never an edit of this one.
 */
export const EVENT_CATALOGUE = {
  'load.created': { version: 1, source: 'trucking', collection: 'loads', description: 'A load was created (draft or tendered).' },
  'load.assigned': { version: 1, source: 'trucking', collection: 'loads', description: 'A driver and vehicle (and trailer) were assigned to a load.' },
  'load.status_changed': { version: 1, source: 'trucking', collection: 'loads', description: "A load's status changed (from, to)." },
  'load.delivered': { version: 1, source: 'trucking', collection: 'loads', description: 'A load was delivered.' },
  'load.stop_arrived': { version: 1, source: 'trucking', collection: 'loads', description: 'The arrival at a stop of a load was recorded.' },
  'load.stop_departed': { version: 1, source: 'trucking', collection: 'loads', description: 'The departure from a stop of a load was recorded.' },
  'driver.position': { version: 1, source: 'trucking', collection: 'drivers', description: "A driver's latest position moved (a newer ping)." },
  'work_order.created': { version: 1, source: 'service', collection: 'workorders', description: 'A work order was created.' },
  'work_order.dispatched': { version: 1, source: 'service', collection: 'workorders', description: 'A work order was dispatched to a technician.' },
  'work_order.status_changed': { version: 1, source: 'service', collection: 'workorders', description: "A work order's status changed (from, to)." },
  'work_order.completed': { version: 1, source: 'service', collection: 'workorders', description: 'A work order was completed.' },
  'user.created': { version: 1, source: 'core', collection: 'users', description: 'A user was added to the tenant.' },
  'user.deactivated': { version: 1, source: 'core', collection: 'users', description: 'A user was deactivated.' },
  'webhook_endpoint.disabled': {
    version: 1,
    source: 'core',
    collection: 'webhookendpoints',
    description: 'A webhook endpoint was disabled because its deliveries kept failing.',
  },
} as const satisfies Record<string, { version: number; source: string; collection: string; description: string }>;

export type EventType = keyof typeof EVENT_CATALOGUE;

export const EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as EventType[];

export const isEventType = (value: string): value is EventType => Object.hasOwn(EVENT_CATALOGUE, value);

/** The collections of one source subgraph whose documents carry pending events (the sweeper's list). */
export function eventCollections(source: string): string[] {
  return [
    ...new Set(
      Object.values(EVENT_CATALOGUE)
        .filter((entry) => entry.source === source)
        .map((entry) => entry.collection),
    ),
  ];
}

/** The subgraphs that record events. */
export const EVENT_SOURCES = [...new Set(Object.values(EVENT_CATALOGUE).map((entry) => entry.source))];
