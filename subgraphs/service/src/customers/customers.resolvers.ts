import { userReference, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { iso } from '../access';
import { type ServiceContext } from '../models';
import { type CustomerDocument, type CustomerLocation } from './customers.model';
import { createCustomer, getCustomer, listCustomers, updateCustomer, type CustomerFilter } from './customers.service';

type Customer = Lean<CustomerDocument>;

export const customerResolvers = {
  Query: {
    customers: (_parent: unknown, args: ConnectionArgs & { filter?: CustomerFilter }, ctx: ServiceContext) => listCustomers(ctx, args),
    customer: (_parent: unknown, args: { id: string }, ctx: ServiceContext) => getCustomer(ctx, args.id),
  },
  Mutation: {
    createCustomer: (_parent: unknown, args: { input: unknown }, ctx: ServiceContext) => createCustomer(ctx, args.input),
    updateCustomer: (_parent: unknown, args: { id: string; input: unknown }, ctx: ServiceContext) => updateCustomer(ctx, args.id, args.input),
  },
  Customer: {
    id: (customer: Customer) => customer._id.toHexString(),
    createdBy: (customer: Customer) => userReference(customer.createdBy),
    createdAt: (customer: Customer) => iso(customer.createdAt),
    updatedAt: (customer: Customer) => iso(customer.updatedAt),
  },
  CustomerLocation: {
    id: (location: CustomerLocation) => location._id.toHexString(),
  },
};
