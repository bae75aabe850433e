import { userReference } from '@attunelogic/shared/subgraph';
import { iso } from '../access';
import { type Resolvers } from '../generated/resolvers';
import { createCustomer, getCustomer, listCustomers, updateCustomer } from './customers.service';

export const customerResolvers = {
  Query: {
    customers: (_parent, args, ctx) => listCustomers(ctx, args),
    customer: (_parent, args, ctx) => getCustomer(ctx, args.id),
  },
  Mutation: {
    createCustomer: (_parent, args, ctx) => createCustomer(ctx, args.input),
    updateCustomer: (_parent, args, ctx) => updateCustomer(ctx, args.id, args.input),
  },
  Customer: {
    id: (customer) => customer._id.toHexString(),
    createdBy: (customer) => userReference(customer.createdBy),
    createdAt: (customer) => iso(customer.createdAt),
    updatedAt: (customer) => iso(customer.updatedAt),
  },
  CustomerLocation: {
    id: (location) => location._id.toHexString(),
  },
} satisfies Resolvers;
