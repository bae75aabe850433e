/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query Session {\n  me {\n    id\n    email\n    name\n    roles\n  }\n  tenant {\n    id\n    slug\n    name\n    appType\n    paymentStatus\n  }\n}": typeof types.SessionDocument,
    "query Vehicles($first: Int, $after: String, $filter: VehicleFilter) {\n  vehicles(first: $first, after: $after, filter: $filter) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        unitNumber\n        make\n        model\n        year\n        status\n        odometer\n      }\n    }\n  }\n}\n\nmutation CreateVehicle($input: CreateVehicleInput!) {\n  createVehicle(input: $input) {\n    id\n    unitNumber\n    status\n  }\n}": typeof types.VehiclesDocument,
    "query WorkOrders($first: Int, $after: String, $filter: WorkOrderFilter) {\n  workOrders(first: $first, after: $after, filter: $filter) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        number\n        title\n        priority\n        status\n        createdBy {\n          id\n          name\n        }\n      }\n    }\n  }\n}\n\nmutation UpdateWorkOrderStatus($id: ID!, $status: WorkOrderStatus!) {\n  updateWorkOrderStatus(id: $id, status: $status) {\n    id\n    status\n  }\n}": typeof types.WorkOrdersDocument,
};
const documents: Documents = {
    "query Session {\n  me {\n    id\n    email\n    name\n    roles\n  }\n  tenant {\n    id\n    slug\n    name\n    appType\n    paymentStatus\n  }\n}": types.SessionDocument,
    "query Vehicles($first: Int, $after: String, $filter: VehicleFilter) {\n  vehicles(first: $first, after: $after, filter: $filter) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        unitNumber\n        make\n        model\n        year\n        status\n        odometer\n      }\n    }\n  }\n}\n\nmutation CreateVehicle($input: CreateVehicleInput!) {\n  createVehicle(input: $input) {\n    id\n    unitNumber\n    status\n  }\n}": types.VehiclesDocument,
    "query WorkOrders($first: Int, $after: String, $filter: WorkOrderFilter) {\n  workOrders(first: $first, after: $after, filter: $filter) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        number\n        title\n        priority\n        status\n        createdBy {\n          id\n          name\n        }\n      }\n    }\n  }\n}\n\nmutation UpdateWorkOrderStatus($id: ID!, $status: WorkOrderStatus!) {\n  updateWorkOrderStatus(id: $id, status: $status) {\n    id\n    status\n  }\n}": types.WorkOrdersDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Session {\n  me {\n    id\n    email\n    name\n    roles\n  }\n  tenant {\n    id\n    slug\n    name\n    appType\n    paymentStatus\n  }\n}"): typeof import('./graphql').SessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Vehicles($first: Int, $after: String, $filter: VehicleFilter) {\n  vehicles(first: $first, after: $after, filter: $filter) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        unitNumber\n        make\n        model\n        year\n        status\n        odometer\n      }\n    }\n  }\n}\n\nmutation CreateVehicle($input: CreateVehicleInput!) {\n  createVehicle(input: $input) {\n    id\n    unitNumber\n    status\n  }\n}"): typeof import('./graphql').VehiclesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query WorkOrders($first: Int, $after: String, $filter: WorkOrderFilter) {\n  workOrders(first: $first, after: $after, filter: $filter) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        number\n        title\n        priority\n        status\n        createdBy {\n          id\n          name\n        }\n      }\n    }\n  }\n}\n\nmutation UpdateWorkOrderStatus($id: ID!, $status: WorkOrderStatus!) {\n  updateWorkOrderStatus(id: $id, status: $status) {\n    id\n    status\n  }\n}"): typeof import('./graphql').WorkOrdersDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
