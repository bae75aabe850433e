import { userReference } from '@attunelogic/shared/subgraph';
import { referenced } from '../common/references';
import { type Resolvers } from '../generated/resolvers';
import { autoAssigned } from '../loads/auto-assign';
import { createLoadFromParty, createParty, getParty, listParties, setLoadBillTo, setPartyRetired, updateParty } from './parties.service';

export const partyResolvers = {
  Query: {
    parties: (_parent, args, ctx, info) => listParties(ctx, args, info),
    party: (_parent, args, ctx) => getParty(ctx, args.id),
  },
  Mutation: {
    createParty: (_parent, args, ctx) => createParty(ctx, args.input),
    updateParty: (_parent, args, ctx) => updateParty(ctx, args.id, args.input),
    retireParty: (_parent, args, ctx) => setPartyRetired(ctx, args.id, true, args.reason),
    reinstateParty: (_parent, args, ctx) => setPartyRetired(ctx, args.id, false),
    createLoadFromParty: async (_parent, args, ctx) => autoAssigned(ctx, await createLoadFromParty(ctx, args.input)),
    setLoadBillTo: (_parent, args, ctx) => setLoadBillTo(ctx, args.id, args.billToId),
  },
  Party: {
    id: (party) => party._id.toHexString(),
    email: (party) => party.email ?? null,
    phone: (party) => party.phone ?? null,
    notes: (party) => party.notes ?? null,
    locations: (party) => party.locations ?? [],
    retiredAt: (party) => party.retiredAt?.toISOString() ?? null,
    retirementReason: (party) => party.retirementReason ?? null,
    createdBy: (party) => userReference(party.createdBy),
    createdAt: (party) => party.createdAt.toISOString(),
    updatedAt: (party) => party.updatedAt.toISOString(),
  },
  PartyLocation: {
    id: (location) => location._id.toHexString(),
    location: (location) => ({ latitude: location.latitude, longitude: location.longitude }),
  },
  Load: {
    billTo: (load, _args, ctx) => referenced(ctx, ctx.models.Party, load.billTo),
  },
  LoadStop: {
    party: (stop, _args, ctx) => referenced(ctx, ctx.models.Party, stop.party),
    partyLocationId: (stop) => stop.partyLocation?.toHexString() ?? null,
  },
} satisfies Resolvers;
