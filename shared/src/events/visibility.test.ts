import { describe, expect, it } from 'vitest';
import { PERMISSION_MATRIX } from '../permissions';
import { EVENT_CATALOGUE, EVENT_TYPES } from './catalogue';
import { EVENT_READ_PERMISSION, mayReceiveEvent } from './visibility';

const ME = '64a000000000000000000001';
const OTHER = '64a000000000000000000002';

describe('which events a role may receive on the live stream', () => {
  it("every type's permission exists in the industry of the subgraph that records it", () => {
    for (const type of EVENT_TYPES) {
      const source = EVENT_CATALOGUE[type].source;
      const industries = source === 'core' ? (['trucking', 'serviceRepair'] as const) : source === 'service' ? (['serviceRepair'] as const) : (['trucking'] as const);
      for (const industry of industries) expect(PERMISSION_MATRIX[industry].owner?.has(EVENT_READ_PERMISSION[type]), `${type} in ${industry}`).toBe(true);
    }
  });

  it('follows the permission matrix for office roles', () => {
    expect(mayReceiveEvent('trucking', ['viewer'], { type: 'load.status_changed' }, ME)).toBe(true);
    expect(mayReceiveEvent('trucking', ['viewer'], { type: 'driver.position' }, ME)).toBe(true);
    expect(mayReceiveEvent('trucking', ['dispatcher'], { type: 'user.created' }, ME)).toBe(true);
    expect(mayReceiveEvent('trucking', ['driver', 'viewer'], { type: 'load.status_changed' }, ME)).toBe(true);
    expect(mayReceiveEvent('serviceRepair', ['viewer'], { type: 'inventory.low_stock' }, ME)).toBe(true);
    expect(mayReceiveEvent('trucking', ['viewer'], { type: 'api_client.created' }, ME)).toBe(false);
    expect(mayReceiveEvent('trucking', ['admin'], { type: 'api_client.revoked' }, ME)).toBe(true);
    // A trucking event in a service tenant (it never happens) is not seen: its permission is not in that industry.
    expect(mayReceiveEvent('serviceRepair', ['owner'], { type: 'load.created' }, ME)).toBe(false);
    expect(mayReceiveEvent('trucking', [], { type: 'load.created' }, ME)).toBe(false);
  });

  it('a driver or technician receives only the events of their own loads and work orders', () => {
    expect(mayReceiveEvent('trucking', ['driver'], { type: 'load.status_changed', assignees: [ME] }, ME)).toBe(true);
    expect(mayReceiveEvent('trucking', ['driver'], { type: 'load.status_changed', assignees: [OTHER] }, ME)).toBe(false);
    expect(mayReceiveEvent('trucking', ['driver'], { type: 'load.created' }, ME)).toBe(false);
    expect(mayReceiveEvent('trucking', ['driver'], { type: 'load.pod_attached', assignees: [ME] }, ME)).toBe(true);
    // Naming the caller is not enough where the field role has no read permission of the record.
    expect(mayReceiveEvent('trucking', ['driver'], { type: 'user.created', assignees: [ME] }, ME)).toBe(false);
    expect(mayReceiveEvent('serviceRepair', ['technician'], { type: 'work_order.status_changed', assignees: [ME] }, ME)).toBe(true);
    expect(mayReceiveEvent('serviceRepair', ['technician'], { type: 'work_order.status_changed', assignees: [OTHER] }, ME)).toBe(false);
    expect(mayReceiveEvent('serviceRepair', ['technician'], { type: 'work_order.created' }, ME)).toBe(false);
  });
});
