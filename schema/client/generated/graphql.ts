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
  unitNumber: string;
  vin: string;
  year: number;
};

/** The state of a tenant's subscription. */
export type PaymentStatus =
  | 'active'
  | 'canceled'
  /** Queries still work; mutations are refused with PAYMENT_REQUIRED. */
  | 'past_due'
  | 'trialing';

export type VehicleFilter = {
  status?: VehicleStatus | null | undefined;
};

/** Where a vehicle stands in the fleet. */
export type VehicleStatus =
  | 'active'
  | 'in_shop'
  | 'out_of_service'
  | 'retired';

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

export type SessionQueryVariables = Exact<{ [key: string]: never; }>;


export type SessionQuery = { me: { id: string, email: string, name: string, roles: Array<string> }, tenant: { id: string, slug: string, name: string, appType: AppType, paymentStatus: PaymentStatus } };

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