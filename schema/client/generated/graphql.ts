/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** The industry a tenant works in; it decides which features the tenant has. */
export type AppType =
  | 'serviceRepair'
  | 'trucking';

export type CreateVehicleInput = {
  /** Defaults to 0. */
  engineHours?: number | null | undefined;
  make: string;
  model: string;
  /** Defaults to 0. */
  odometer?: number | null | undefined;
  plate?: string | null | undefined;
  /** Defaults to active. */
  status?: VehicleStatus | null | undefined;
  /** Defaults to tractor. */
  type?: VehicleType | null | undefined;
  unitNumber: string;
  vin: string;
  year: number;
};

export type CustomerAddressInput = {
  /** 1 to 100 characters. */
  city: string;
  /** ISO 3166-1 alpha-2; defaults to US. */
  country?: string | null | undefined;
  /** 1 to 200 characters. */
  line1: string;
  line2?: string | null | undefined;
  /** For US addresses a ZIP code (ZIP+4 is cut to five digits). */
  postalCode: string;
  region?: string | null | undefined;
};

export type CustomerLocationInput = {
  address: CustomerAddressInput;
  coordinates?: GeoPointInput | null | undefined;
  /** At most 100 characters. */
  label?: string | null | undefined;
};

/** Whether a driver is working. */
export type DriverStatus =
  | 'active'
  | 'inactive'
  | 'on_leave';

export type GeoPointInput = {
  /** Degrees, −90 to 90. */
  lat: number;
  /** Degrees, −180 to 180. */
  lng: number;
};

export type LoadFilter = {
  driverId?: string | number | null | undefined;
  /** Loads whose stop windows end at or after this instant (ISO 8601). */
  scheduledFrom?: string | null | undefined;
  /** Loads whose stop windows start at or before this instant (ISO 8601). */
  scheduledTo?: string | null | undefined;
  /** Any of these statuses. */
  status?: Array<LoadStatus> | null | undefined;
  vehicleId?: string | number | null | undefined;
};

/**
 * Where a load is in its lifecycle: draft → tendered → assigned → in_transit → delivered → invoiced,
 * or cancelled from any status before delivered.
 */
export type LoadStatus =
  | 'assigned'
  | 'cancelled'
  | 'delivered'
  | 'draft'
  | 'in_transit'
  | 'invoiced'
  | 'tendered';

/** The state of a tenant's subscription. */
export type PaymentStatus =
  | 'active'
  | 'canceled'
  /** Queries still work; mutations are refused with PAYMENT_REQUIRED. */
  | 'past_due'
  | 'trialing';

export type RequiredSkillInput = {
  /** 1 to 5; defaults to 1. */
  minLevel?: number | null | undefined;
  /** Lower-cased; letters, digits, space, _ and -. */
  name: string;
};

export type RescheduleWorkOrderInput = {
  /** ISO 8601 with offset; defaults to start plus the order's estimatedMinutes. At most 24 hours after start. */
  end?: string | null | undefined;
  /** ISO 8601 with offset; the new start of the booked slot, not in the past. */
  start: string;
  /** Hands the work order to this technician of the tenant; defaults to the current one. */
  technicianId?: string | number | null | undefined;
};

export type ServiceWindowInput = {
  /** ISO 8601 with offset, after start; at most 14 days after it. */
  end: string;
  /** ISO 8601 with offset. */
  start: string;
};

/** Omitted fields stay as they are; null removes label or coordinates. */
export type UpdateCustomerLocationInput = {
  /** Replaces the whole address. */
  address?: CustomerAddressInput | null | undefined;
  coordinates?: GeoPointInput | null | undefined;
  /** At most 100 characters. */
  label?: string | null | undefined;
};

/**
 * Omitted fields stay as they are; null clears description, notes or requestedWindow. What may change
 * depends on the status: everything while new or scheduled; title, description, notes and priority while
 * dispatched, en_route, in_progress or on_hold (the rest is CONFLICT: reschedule instead); only notes
 * once completed; nothing once invoiced or cancelled.
 */
export type UpdateWorkOrderInput = {
  /** At most 5000 characters. */
  description?: string | null | undefined;
  /** 5 to 1440. */
  estimatedMinutes?: number | null | undefined;
  /** One of the customer's locations. */
  locationId?: string | number | null | undefined;
  /** At most 5000 characters. */
  notes?: string | null | undefined;
  priority?: WorkOrderPriority | null | undefined;
  /** Must end in the future and be at least estimatedMinutes long. */
  requestedWindow?: ServiceWindowInput | null | undefined;
  /** At most 20, names unique; replaces the list. */
  requiredSkills?: Array<RequiredSkillInput> | null | undefined;
  /** At most 200 characters. */
  title?: string | null | undefined;
};

export type VehicleFilter = {
  status?: VehicleStatus | null | undefined;
  type?: VehicleType | null | undefined;
};

/** Where a vehicle stands in the fleet. */
export type VehicleStatus =
  | 'active'
  | 'in_shop'
  | 'out_of_service'
  | 'retired';

/** What kind of power unit a vehicle is. */
export type VehicleType =
  /** Pulls trailers. */
  | 'tractor'
  /** A straight truck, with its own body. */
  | 'truck';

export type WorkOrderFilter = {
  customerId?: string | number | null | undefined;
  priority?: WorkOrderPriority | null | undefined;
  status?: WorkOrderStatus | null | undefined;
  technicianId?: string | number | null | undefined;
};

/** How urgent a work order is. */
export type WorkOrderPriority =
  | 'emergency'
  | 'high'
  | 'low'
  | 'normal';

/**
 * Where a work order is in its lifecycle:
 * new → scheduled → dispatched → en_route → in_progress → completed → invoiced.
 * on_hold is reachable from scheduled, dispatched, en_route and in_progress, and resumes to the status it
 * was held from or to scheduled; cancelled is reachable from every status before completed.
 */
export type WorkOrderStatus =
  | 'cancelled'
  | 'completed'
  | 'dispatched'
  | 'en_route'
  | 'in_progress'
  | 'invoiced'
  | 'new'
  | 'on_hold'
  | 'scheduled';

export type UpdateWorkOrderMutationVariables = Exact<{
  id: string | number;
  input: UpdateWorkOrderInput;
}>;


export type UpdateWorkOrderMutation = { updateWorkOrder: { id: string, title: string, description: string | null, notes: string | null, priority: WorkOrderPriority, status: WorkOrderStatus, estimatedMinutes: number, requestedWindow: { start: string, end: string } | null, location: { id: string } } };

export type RescheduleWorkOrderMutationVariables = Exact<{
  id: string | number;
  input: RescheduleWorkOrderInput;
}>;


export type RescheduleWorkOrderMutation = { rescheduleWorkOrder: { id: string, status: WorkOrderStatus, technician: { id: string } | null, schedule: { start: string, end: string } | null } };

export type CancelWorkOrderMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type CancelWorkOrderMutation = { cancelWorkOrder: { id: string, status: WorkOrderStatus, cancellation: { reason: string, at: string, by: { id: string } } | null } };

export type CustomerLocationsFragment = { id: string, locations: Array<{ id: string, label: string | null, address: { line1: string, line2: string | null, city: string, region: string | null, postalCode: string, country: string }, coordinates: { lat: number, lng: number } | null }> };

export type AddCustomerLocationMutationVariables = Exact<{
  customerId: string | number;
  input: CustomerLocationInput;
}>;


export type AddCustomerLocationMutation = { addCustomerLocation: { id: string, locations: Array<{ id: string, label: string | null, address: { line1: string, line2: string | null, city: string, region: string | null, postalCode: string, country: string }, coordinates: { lat: number, lng: number } | null }> } };

export type UpdateCustomerLocationMutationVariables = Exact<{
  customerId: string | number;
  locationId: string | number;
  input: UpdateCustomerLocationInput;
}>;


export type UpdateCustomerLocationMutation = { updateCustomerLocation: { id: string, locations: Array<{ id: string, label: string | null, address: { line1: string, line2: string | null, city: string, region: string | null, postalCode: string, country: string }, coordinates: { lat: number, lng: number } | null }> } };

export type RetireCustomerLocationMutationVariables = Exact<{
  customerId: string | number;
  locationId: string | number;
}>;


export type RetireCustomerLocationMutation = { retireCustomerLocation: { id: string, locations: Array<{ id: string, label: string | null, address: { line1: string, line2: string | null, city: string, region: string | null, postalCode: string, country: string }, coordinates: { lat: number, lng: number } | null }> } };

export type SessionQueryVariables = Exact<{ [key: string]: never; }>;


export type SessionQuery = { me: { id: string, email: string, name: string, roles: Array<string> }, tenant: { id: string, slug: string, name: string, appType: AppType, paymentStatus: PaymentStatus } };

export type SpaCustomersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SpaCustomersQuery = { customers: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string } }> } };

export type SpaCustomerLocationsFragment = { id: string, name: string, locations: Array<{ id: string, label: string | null, address: { line1: string, city: string, postalCode: string } }> };

export type SpaCustomerLocationsQueryVariables = Exact<{
  id: string | number;
}>;


export type SpaCustomerLocationsQuery = { customer: { id: string, name: string, locations: Array<{ id: string, label: string | null, address: { line1: string, city: string, postalCode: string } }> } | null };

export type SpaAddCustomerLocationMutationVariables = Exact<{
  customerId: string | number;
  input: CustomerLocationInput;
}>;


export type SpaAddCustomerLocationMutation = { addCustomerLocation: { id: string, name: string, locations: Array<{ id: string, label: string | null, address: { line1: string, city: string, postalCode: string } }> } };

export type SpaUpdateCustomerLocationMutationVariables = Exact<{
  customerId: string | number;
  locationId: string | number;
  input: UpdateCustomerLocationInput;
}>;


export type SpaUpdateCustomerLocationMutation = { updateCustomerLocation: { id: string, name: string, locations: Array<{ id: string, label: string | null, address: { line1: string, city: string, postalCode: string } }> } };

export type SpaRetireCustomerLocationMutationVariables = Exact<{
  customerId: string | number;
  locationId: string | number;
}>;


export type SpaRetireCustomerLocationMutation = { retireCustomerLocation: { id: string, name: string, locations: Array<{ id: string, label: string | null, address: { line1: string, city: string, postalCode: string } }> } };

export type SpaLoadsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: LoadFilter | null | undefined;
}>;


export type SpaLoadsQuery = { loads: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, referenceNumber: string, customerReference: string, status: LoadStatus, nextStatuses: Array<LoadStatus>, pickupAt: string, deliverBy: string, weightLbs: number, driver: { id: string } | null, vehicle: { id: string, unitNumber: string } | null } }> } };

export type SpaLoadFragment = { id: string, referenceNumber: string, customerReference: string, status: LoadStatus, nextStatuses: Array<LoadStatus>, pickupAt: string, deliverBy: string, weightLbs: number, driver: { id: string } | null, vehicle: { id: string, unitNumber: string } | null };

export type SpaFleetQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type SpaFleetQuery = { drivers: { edges: Array<{ node: { id: string, status: DriverStatus, licenseExpired: boolean, user: { name: string }, currentLoad: { id: string } | null } }> }, vehicles: { edges: Array<{ node: { id: string, unitNumber: string, make: string, model: string, status: VehicleStatus, currentLoad: { id: string } | null } }> } };

export type SpaAssignLoadMutationVariables = Exact<{
  id: string | number;
  driverId: string | number;
  vehicleId: string | number;
}>;


export type SpaAssignLoadMutation = { assignLoad: { id: string, referenceNumber: string, customerReference: string, status: LoadStatus, nextStatuses: Array<LoadStatus>, pickupAt: string, deliverBy: string, weightLbs: number, driver: { id: string } | null, vehicle: { id: string, unitNumber: string } | null } };

export type SpaUpdateLoadStatusMutationVariables = Exact<{
  id: string | number;
  status: LoadStatus;
}>;


export type SpaUpdateLoadStatusMutation = { updateLoadStatus: { id: string, referenceNumber: string, customerReference: string, status: LoadStatus, nextStatuses: Array<LoadStatus>, pickupAt: string, deliverBy: string, weightLbs: number, driver: { id: string } | null, vehicle: { id: string, unitNumber: string } | null } };

export type SpaWorkOrdersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: WorkOrderFilter | null | undefined;
}>;


export type SpaWorkOrdersQuery = { workOrders: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, number: number, title: string, priority: WorkOrderPriority, status: WorkOrderStatus, customer: { id: string, name: string }, technician: { id: string } | null, schedule: { start: string, end: string } | null } }> } };

export type SpaWorkOrderFragment = { id: string, number: number, title: string, priority: WorkOrderPriority, status: WorkOrderStatus, customer: { id: string, name: string }, technician: { id: string } | null, schedule: { start: string, end: string } | null };

export type SpaTechniciansQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type SpaTechniciansQuery = { technicians: { edges: Array<{ node: { id: string, active: boolean, user: { name: string }, skills: Array<{ name: string, level: number }> } }> } };

export type SpaDispatchWorkOrderMutationVariables = Exact<{
  id: string | number;
  technicianId?: string | number | null | undefined;
}>;


export type SpaDispatchWorkOrderMutation = { dispatchWorkOrder: { workOrder: { id: string, number: number, title: string, priority: WorkOrderPriority, status: WorkOrderStatus, customer: { id: string, name: string }, technician: { id: string } | null, schedule: { start: string, end: string } | null }, technician: { id: string } } };

export type SpaUpdateWorkOrderStatusMutationVariables = Exact<{
  id: string | number;
  status: WorkOrderStatus;
}>;


export type SpaUpdateWorkOrderStatusMutation = { updateWorkOrderStatus: { id: string, number: number, title: string, priority: WorkOrderPriority, status: WorkOrderStatus, customer: { id: string, name: string }, technician: { id: string } | null, schedule: { start: string, end: string } | null } };

export type SpaRescheduleWorkOrderMutationVariables = Exact<{
  id: string | number;
  input: RescheduleWorkOrderInput;
}>;


export type SpaRescheduleWorkOrderMutation = { rescheduleWorkOrder: { id: string, number: number, title: string, priority: WorkOrderPriority, status: WorkOrderStatus, customer: { id: string, name: string }, technician: { id: string } | null, schedule: { start: string, end: string } | null } };

export type SpaCancelWorkOrderMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type SpaCancelWorkOrderMutation = { cancelWorkOrder: { id: string, number: number, title: string, priority: WorkOrderPriority, status: WorkOrderStatus, customer: { id: string, name: string }, technician: { id: string } | null, schedule: { start: string, end: string } | null } };

export type VehiclesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: VehicleFilter | null | undefined;
}>;


export type VehiclesQuery = { vehicles: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, unitNumber: string, make: string, model: string, year: number, status: VehicleStatus, odometer: number } }> } };

export type CreateVehicleMutationVariables = Exact<{
  input: CreateVehicleInput;
}>;


export type CreateVehicleMutation = { createVehicle: { id: string, unitNumber: string, status: VehicleStatus } };

export type WorkOrdersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: WorkOrderFilter | null | undefined;
}>;


export type WorkOrdersQuery = { workOrders: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, number: number, title: string, priority: WorkOrderPriority, status: WorkOrderStatus, createdBy: { id: string, name: string } } }> } };

export type UpdateWorkOrderStatusMutationVariables = Exact<{
  id: string | number;
  status: WorkOrderStatus;
}>;


export type UpdateWorkOrderStatusMutation = { updateWorkOrderStatus: { id: string, status: WorkOrderStatus } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const CustomerLocationsFragmentDoc = new TypedDocumentString(`
    fragment CustomerLocations on Customer {
  id
  locations {
    id
    label
    address {
      line1
      line2
      city
      region
      postalCode
      country
    }
    coordinates {
      lat
      lng
    }
  }
}
    `, {"fragmentName":"CustomerLocations"}) as unknown as TypedDocumentString<CustomerLocationsFragment, unknown>;
export const SpaCustomerLocationsFragmentDoc = new TypedDocumentString(`
    fragment SpaCustomerLocations on Customer {
  id
  name
  locations {
    id
    label
    address {
      line1
      city
      postalCode
    }
  }
}
    `, {"fragmentName":"SpaCustomerLocations"}) as unknown as TypedDocumentString<SpaCustomerLocationsFragment, unknown>;
export const SpaLoadFragmentDoc = new TypedDocumentString(`
    fragment SpaLoad on Load {
  id
  referenceNumber
  customerReference
  status
  nextStatuses
  pickupAt
  deliverBy
  weightLbs
  driver {
    id
  }
  vehicle {
    id
    unitNumber
  }
}
    `, {"fragmentName":"SpaLoad"}) as unknown as TypedDocumentString<SpaLoadFragment, unknown>;
export const SpaWorkOrderFragmentDoc = new TypedDocumentString(`
    fragment SpaWorkOrder on WorkOrder {
  id
  number
  title
  priority
  status
  customer {
    id
    name
  }
  technician {
    id
  }
  schedule {
    start
    end
  }
}
    `, {"fragmentName":"SpaWorkOrder"}) as unknown as TypedDocumentString<SpaWorkOrderFragment, unknown>;
export const UpdateWorkOrderDocument = new TypedDocumentString(`
    mutation UpdateWorkOrder($id: ID!, $input: UpdateWorkOrderInput!) {
  updateWorkOrder(id: $id, input: $input) {
    id
    title
    description
    notes
    priority
    status
    estimatedMinutes
    requestedWindow {
      start
      end
    }
    location {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateWorkOrderMutation, UpdateWorkOrderMutationVariables>;
export const RescheduleWorkOrderDocument = new TypedDocumentString(`
    mutation RescheduleWorkOrder($id: ID!, $input: RescheduleWorkOrderInput!) {
  rescheduleWorkOrder(id: $id, input: $input) {
    id
    status
    technician {
      id
    }
    schedule {
      start
      end
    }
  }
}
    `) as unknown as TypedDocumentString<RescheduleWorkOrderMutation, RescheduleWorkOrderMutationVariables>;
export const CancelWorkOrderDocument = new TypedDocumentString(`
    mutation CancelWorkOrder($id: ID!, $reason: String!) {
  cancelWorkOrder(id: $id, reason: $reason) {
    id
    status
    cancellation {
      reason
      at
      by {
        id
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CancelWorkOrderMutation, CancelWorkOrderMutationVariables>;
export const AddCustomerLocationDocument = new TypedDocumentString(`
    mutation AddCustomerLocation($customerId: ID!, $input: CustomerLocationInput!) {
  addCustomerLocation(customerId: $customerId, input: $input) {
    ...CustomerLocations
  }
}
    fragment CustomerLocations on Customer {
  id
  locations {
    id
    label
    address {
      line1
      line2
      city
      region
      postalCode
      country
    }
    coordinates {
      lat
      lng
    }
  }
}`) as unknown as TypedDocumentString<AddCustomerLocationMutation, AddCustomerLocationMutationVariables>;
export const UpdateCustomerLocationDocument = new TypedDocumentString(`
    mutation UpdateCustomerLocation($customerId: ID!, $locationId: ID!, $input: UpdateCustomerLocationInput!) {
  updateCustomerLocation(
    customerId: $customerId
    locationId: $locationId
    input: $input
  ) {
    ...CustomerLocations
  }
}
    fragment CustomerLocations on Customer {
  id
  locations {
    id
    label
    address {
      line1
      line2
      city
      region
      postalCode
      country
    }
    coordinates {
      lat
      lng
    }
  }
}`) as unknown as TypedDocumentString<UpdateCustomerLocationMutation, UpdateCustomerLocationMutationVariables>;
export const RetireCustomerLocationDocument = new TypedDocumentString(`
    mutation RetireCustomerLocation($customerId: ID!, $locationId: ID!) {
  retireCustomerLocation(customerId: $customerId, locationId: $locationId) {
    ...CustomerLocations
  }
}
    fragment CustomerLocations on Customer {
  id
  locations {
    id
    label
    address {
      line1
      line2
      city
      region
      postalCode
      country
    }
    coordinates {
      lat
      lng
    }
  }
}`) as unknown as TypedDocumentString<RetireCustomerLocationMutation, RetireCustomerLocationMutationVariables>;
export const SessionDocument = new TypedDocumentString(`
    query Session {
  me {
    id
    email
    name
    roles
  }
  tenant {
    id
    slug
    name
    appType
    paymentStatus
  }
}
    `) as unknown as TypedDocumentString<SessionQuery, SessionQueryVariables>;
export const SpaCustomersDocument = new TypedDocumentString(`
    query SpaCustomers($first: Int, $after: String) {
  customers(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SpaCustomersQuery, SpaCustomersQueryVariables>;
export const SpaCustomerLocationsDocument = new TypedDocumentString(`
    query SpaCustomerLocations($id: ID!) {
  customer(id: $id) {
    ...SpaCustomerLocations
  }
}
    fragment SpaCustomerLocations on Customer {
  id
  name
  locations {
    id
    label
    address {
      line1
      city
      postalCode
    }
  }
}`) as unknown as TypedDocumentString<SpaCustomerLocationsQuery, SpaCustomerLocationsQueryVariables>;
export const SpaAddCustomerLocationDocument = new TypedDocumentString(`
    mutation SpaAddCustomerLocation($customerId: ID!, $input: CustomerLocationInput!) {
  addCustomerLocation(customerId: $customerId, input: $input) {
    ...SpaCustomerLocations
  }
}
    fragment SpaCustomerLocations on Customer {
  id
  name
  locations {
    id
    label
    address {
      line1
      city
      postalCode
    }
  }
}`) as unknown as TypedDocumentString<SpaAddCustomerLocationMutation, SpaAddCustomerLocationMutationVariables>;
export const SpaUpdateCustomerLocationDocument = new TypedDocumentString(`
    mutation SpaUpdateCustomerLocation($customerId: ID!, $locationId: ID!, $input: UpdateCustomerLocationInput!) {
  updateCustomerLocation(
    customerId: $customerId
    locationId: $locationId
    input: $input
  ) {
    ...SpaCustomerLocations
  }
}
    fragment SpaCustomerLocations on Customer {
  id
  name
  locations {
    id
    label
    address {
      line1
      city
      postalCode
    }
  }
}`) as unknown as TypedDocumentString<SpaUpdateCustomerLocationMutation, SpaUpdateCustomerLocationMutationVariables>;
export const SpaRetireCustomerLocationDocument = new TypedDocumentString(`
    mutation SpaRetireCustomerLocation($customerId: ID!, $locationId: ID!) {
  retireCustomerLocation(customerId: $customerId, locationId: $locationId) {
    ...SpaCustomerLocations
  }
}
    fragment SpaCustomerLocations on Customer {
  id
  name
  locations {
    id
    label
    address {
      line1
      city
      postalCode
    }
  }
}`) as unknown as TypedDocumentString<SpaRetireCustomerLocationMutation, SpaRetireCustomerLocationMutationVariables>;
export const SpaLoadsDocument = new TypedDocumentString(`
    query SpaLoads($first: Int, $after: String, $filter: LoadFilter) {
  loads(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...SpaLoad
      }
    }
  }
}
    fragment SpaLoad on Load {
  id
  referenceNumber
  customerReference
  status
  nextStatuses
  pickupAt
  deliverBy
  weightLbs
  driver {
    id
  }
  vehicle {
    id
    unitNumber
  }
}`) as unknown as TypedDocumentString<SpaLoadsQuery, SpaLoadsQueryVariables>;
export const SpaFleetDocument = new TypedDocumentString(`
    query SpaFleet($first: Int) {
  drivers(first: $first) {
    edges {
      node {
        id
        status
        licenseExpired
        user {
          name
        }
        currentLoad {
          id
        }
      }
    }
  }
  vehicles(first: $first) {
    edges {
      node {
        id
        unitNumber
        make
        model
        status
        currentLoad {
          id
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SpaFleetQuery, SpaFleetQueryVariables>;
export const SpaAssignLoadDocument = new TypedDocumentString(`
    mutation SpaAssignLoad($id: ID!, $driverId: ID!, $vehicleId: ID!) {
  assignLoad(id: $id, driverId: $driverId, vehicleId: $vehicleId) {
    ...SpaLoad
  }
}
    fragment SpaLoad on Load {
  id
  referenceNumber
  customerReference
  status
  nextStatuses
  pickupAt
  deliverBy
  weightLbs
  driver {
    id
  }
  vehicle {
    id
    unitNumber
  }
}`) as unknown as TypedDocumentString<SpaAssignLoadMutation, SpaAssignLoadMutationVariables>;
export const SpaUpdateLoadStatusDocument = new TypedDocumentString(`
    mutation SpaUpdateLoadStatus($id: ID!, $status: LoadStatus!) {
  updateLoadStatus(id: $id, status: $status) {
    ...SpaLoad
  }
}
    fragment SpaLoad on Load {
  id
  referenceNumber
  customerReference
  status
  nextStatuses
  pickupAt
  deliverBy
  weightLbs
  driver {
    id
  }
  vehicle {
    id
    unitNumber
  }
}`) as unknown as TypedDocumentString<SpaUpdateLoadStatusMutation, SpaUpdateLoadStatusMutationVariables>;
export const SpaWorkOrdersDocument = new TypedDocumentString(`
    query SpaWorkOrders($first: Int, $after: String, $filter: WorkOrderFilter) {
  workOrders(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...SpaWorkOrder
      }
    }
  }
}
    fragment SpaWorkOrder on WorkOrder {
  id
  number
  title
  priority
  status
  customer {
    id
    name
  }
  technician {
    id
  }
  schedule {
    start
    end
  }
}`) as unknown as TypedDocumentString<SpaWorkOrdersQuery, SpaWorkOrdersQueryVariables>;
export const SpaTechniciansDocument = new TypedDocumentString(`
    query SpaTechnicians($first: Int) {
  technicians(first: $first) {
    edges {
      node {
        id
        active
        user {
          name
        }
        skills {
          name
          level
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SpaTechniciansQuery, SpaTechniciansQueryVariables>;
export const SpaDispatchWorkOrderDocument = new TypedDocumentString(`
    mutation SpaDispatchWorkOrder($id: ID!, $technicianId: ID) {
  dispatchWorkOrder(id: $id, technicianId: $technicianId) {
    workOrder {
      ...SpaWorkOrder
    }
    technician {
      id
    }
  }
}
    fragment SpaWorkOrder on WorkOrder {
  id
  number
  title
  priority
  status
  customer {
    id
    name
  }
  technician {
    id
  }
  schedule {
    start
    end
  }
}`) as unknown as TypedDocumentString<SpaDispatchWorkOrderMutation, SpaDispatchWorkOrderMutationVariables>;
export const SpaUpdateWorkOrderStatusDocument = new TypedDocumentString(`
    mutation SpaUpdateWorkOrderStatus($id: ID!, $status: WorkOrderStatus!) {
  updateWorkOrderStatus(id: $id, status: $status) {
    ...SpaWorkOrder
  }
}
    fragment SpaWorkOrder on WorkOrder {
  id
  number
  title
  priority
  status
  customer {
    id
    name
  }
  technician {
    id
  }
  schedule {
    start
    end
  }
}`) as unknown as TypedDocumentString<SpaUpdateWorkOrderStatusMutation, SpaUpdateWorkOrderStatusMutationVariables>;
export const SpaRescheduleWorkOrderDocument = new TypedDocumentString(`
    mutation SpaRescheduleWorkOrder($id: ID!, $input: RescheduleWorkOrderInput!) {
  rescheduleWorkOrder(id: $id, input: $input) {
    ...SpaWorkOrder
  }
}
    fragment SpaWorkOrder on WorkOrder {
  id
  number
  title
  priority
  status
  customer {
    id
    name
  }
  technician {
    id
  }
  schedule {
    start
    end
  }
}`) as unknown as TypedDocumentString<SpaRescheduleWorkOrderMutation, SpaRescheduleWorkOrderMutationVariables>;
export const SpaCancelWorkOrderDocument = new TypedDocumentString(`
    mutation SpaCancelWorkOrder($id: ID!, $reason: String!) {
  cancelWorkOrder(id: $id, reason: $reason) {
    ...SpaWorkOrder
  }
}
    fragment SpaWorkOrder on WorkOrder {
  id
  number
  title
  priority
  status
  customer {
    id
    name
  }
  technician {
    id
  }
  schedule {
    start
    end
  }
}`) as unknown as TypedDocumentString<SpaCancelWorkOrderMutation, SpaCancelWorkOrderMutationVariables>;
export const VehiclesDocument = new TypedDocumentString(`
    query Vehicles($first: Int, $after: String, $filter: VehicleFilter) {
  vehicles(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        unitNumber
        make
        model
        year
        status
        odometer
      }
    }
  }
}
    `) as unknown as TypedDocumentString<VehiclesQuery, VehiclesQueryVariables>;
export const CreateVehicleDocument = new TypedDocumentString(`
    mutation CreateVehicle($input: CreateVehicleInput!) {
  createVehicle(input: $input) {
    id
    unitNumber
    status
  }
}
    `) as unknown as TypedDocumentString<CreateVehicleMutation, CreateVehicleMutationVariables>;
export const WorkOrdersDocument = new TypedDocumentString(`
    query WorkOrders($first: Int, $after: String, $filter: WorkOrderFilter) {
  workOrders(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        number
        title
        priority
        status
        createdBy {
          id
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<WorkOrdersQuery, WorkOrdersQueryVariables>;
export const UpdateWorkOrderStatusDocument = new TypedDocumentString(`
    mutation UpdateWorkOrderStatus($id: ID!, $status: WorkOrderStatus!) {
  updateWorkOrderStatus(id: $id, status: $status) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<UpdateWorkOrderStatusMutation, UpdateWorkOrderStatusMutationVariables>;