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
  'load.pod_attached': 'loads:read',
  'driver.position': 'tracking:read',
  // Freight invoices are read with loads:read by everyone but drivers (whose events never name them).
  'freight_invoice.issued': 'loads:read',
  'freight_invoice.paid': 'loads:read',
  'freight_invoice.voided': 'loads:read',
  'work_order.created': 'workOrders:read',
  'work_order.dispatched': 'workOrders:read',
  'work_order.status_changed': 'workOrders:read',
  'work_order.completed': 'workOrders:read',
  'invoice.issued': 'workOrders:read',
  'invoice.paid': 'workOrders:read',
  'inventory.low_stock': 'inventory:read',
  'user.created': 'users:read',
  'user.roles_changed': 'users:read',
  'user.deactivated': 'users:read',
  'user.reactivated': 'users:read',
  // Seen by those who manage the API clients.
  'api_client.created': 'users:manage',
  'api_client.rotated': 'users:manage',
  'api_client.revoked': 'users:manage',
  // Seen by those who manage the endpoints.
  'webhook_endpoint.disabled': 'config:write',
};

/** Field roles see the records assigned to them, not the tenant's. */
const FIELD_ROLES: readonly Role[] = ['driver', 'technician'];

/** What the stream knows of an event when it decides who receives it. */
export interface EventAudience {
  type: EventType;
  /** The users whose own work it is about (a load's driver, a work order's technician), when it has any. */
  assignees?: readonly string[] | undefined;
}

/**
 * Whether the caller (`userId` with `roles`) may receive this event on the live stream:
 * - an office role of theirs grants the record's read permission: every event of the type;
 * - otherwise a field role (driver, technician) that grants it: only the events naming the caller
 *   among their assignees (their own loads, their own work orders), as the API lets them read only those.
 */
export function mayReceiveEvent(appType: AppType, roles: readonly string[], event: EventAudience, userId: string): boolean {
  const permission = EVENT_READ_PERMISSION[event.type];
  const office = roles.filter((role) => !FIELD_ROLES.includes(role as Role));
  if (hasPermission(appType, office, permission)) return true;
  const field = roles.filter((role) => FIELD_ROLES.includes(role as Role));
  return field.length > 0 && (event.assignees?.includes(userId) ?? false) && hasPermission(appType, field, permission);
}
