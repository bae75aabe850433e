import { hasPermission, type Permission, type Role } from '../permissions';
import { type AppType } from '../tenant';
import { type EventType } from './catalogue';

/** The permission that lets a caller see an event of each type: the read permission of the record it is about. */
export const EVENT_READ_PERMISSION: Record<EventType, Permission> = {
  'load.created': 'loads:read',
  'load.assigned': 'loads:read',
  'load.status_changed': 'loads:read',
  'load.delivered': 'loads:read',
  'load.stop_arrived': 'loads:read',
  'load.stop_departed': 'loads:read',
  'driver.position': 'tracking:read',
  'work_order.created': 'workOrders:read',
  'work_order.dispatched': 'workOrders:read',
  'work_order.status_changed': 'workOrders:read',
  'work_order.completed': 'workOrders:read',
  'user.created': 'users:read',
  'user.deactivated': 'users:read',
  // Seen by those who manage the endpoints.
  'webhook_endpoint.disabled': 'config:write',
};

/** Field roles see the records assigned to them, not the tenant's: they read those through the API. */
const FIELD_ROLES: readonly Role[] = ['driver', 'technician'];

/**
 * Whether a caller with these roles may receive events of this type on the live stream: an office
 * role of theirs must grant the record's read permission. A driver's or technician's own work is not
 * told apart from the rest of the tenant's on the stream, so those roles alone receive nothing.
 */
export function mayReceiveEvent(appType: AppType, roles: readonly string[], type: EventType): boolean {
  return hasPermission(
    appType,
    roles.filter((role) => !FIELD_ROLES.includes(role as Role)),
    EVENT_READ_PERMISSION[type],
  );
}
