import { userReference } from '@attunelogic/shared/subgraph';
import { iso, isoOrNull } from '../access';
import { type Resolvers } from '../generated/resolvers';
import {
  addCustomerLocation,
  createCustomer,
  getCustomer,
  listCustomers,
  retireCustomerLocation,
  setCustomerRetired,
  updateCustomer,
  updateCustomerLocation,
} from './customers.service';

export const customerResolvers = {
  Query: {
    customers: (_parent, args, ctx, info) => listCustomers(ctx, args, info),
    customer: (_parent, args, ctx) => getCustomer(ctx, args.id),
  },
  Mutation: {
    createCustomer: (_parent, args, ctx) => createCustomer(ctx, args.input),
    updateCustomer: (_parent, args, ctx) => updateCustomer(ctx, args.id, args.input),
    addCustomerLocation: (_parent, args, ctx) => addCustomerLocation(ctx, args.customerId, args.input),
    updateCustomerLocation: (_parent, args, ctx) => updateCustomerLocation(ctx, args.customerId, args.locationId, args.input),
    retireCustomerLocation: (_parent, args, ctx) => retireCustomerLocation(ctx, args.customerId, args.locationId),
    retireCustomer: (_parent, args, ctx) => setCustomerRetired(ctx, args.id, true),
    reactivateCustomer: (_parent, args, ctx) => setCustomerRetired(ctx, args.id, false),
  },
  Customer: {
    id: (customer) => customer._id.toHexString(),
    locations: (customer, args) => (args.includeRetired ? customer.locations : customer.locations.filter((location) => !location.retiredAt)),
    retiredAt: (customer) => isoOrNull(customer.retiredAt),
    createdBy: (customer) => userReference(customer.createdBy),
    createdAt: (customer) => iso(customer.createdAt),
    updatedAt: (customer) => iso(customer.updatedAt),
  },
  CustomerLocation: {
    id: (location) => location._id.toHexString(),
    retiredAt: (location) => isoOrNull(location.retiredAt),
  },
} satisfies Resolvers;
