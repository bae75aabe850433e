import { describe, expect, it } from 'vitest';
import { PERMISSION_MATRIX } from '../permissions';
import { EVENT_CATALOGUE, EVENT_TYPES } from './catalogue';
import { EVENT_READ_PERMISSION, mayReceiveEvent } from './visibility';

describe('which events a role may receive on the live stream', () => {
  it("every type's permission exists in the industry of the subgraph that records it", () => {
    for (const type of EVENT_TYPES) {
      const industry = EVENT_CATALOGUE[type].source === 'service' ? 'serviceRepair' : 'trucking';
      expect(PERMISSION_MATRIX[industry].owner?.has(EVENT_READ_PERMISSION[type]), type).toBe(true);
    }
  });

  it('follows the permission matrix for office roles; field roles alone receive nothing', () => {
    expect(mayReceiveEvent('trucking', ['viewer'], 'load.status_changed')).toBe(true);
    expect(mayReceiveEvent('trucking', ['viewer'], 'driver.position')).toBe(true);
    expect(mayReceiveEvent('trucking', ['dispatcher'], 'user.created')).toBe(true);
    expect(mayReceiveEvent('trucking', ['driver'], 'load.status_changed')).toBe(false);
    expect(mayReceiveEvent('trucking', ['driver', 'viewer'], 'load.status_changed')).toBe(true);
    expect(mayReceiveEvent('serviceRepair', ['technician'], 'work_order.status_changed')).toBe(false);
    // A trucking event in a service tenant (it never happens) is not seen: its permission is not in that industry.
    expect(mayReceiveEvent('serviceRepair', ['owner'], 'load.created')).toBe(false);
    expect(mayReceiveEvent('trucking', [], 'load.created')).toBe(false);
  });
});
