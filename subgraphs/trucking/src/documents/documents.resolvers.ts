import { userReference } from '@attunelogic/shared/subgraph';
import { required } from '../common/references';
import { type Resolvers } from '../generated/resolvers';
import { attachDocument, documentById, documentsOfLoad, downloadLinkOf, listDocuments, retireDocument } from './documents.service';

export const documentResolvers = {
  Query: {
    documents: (_parent, args, ctx) => listDocuments(ctx, args),
    document: (_parent, args, ctx) => documentById(ctx, args.id),
  },
  Mutation: {
    attachDocument: (_parent, args, ctx) => attachDocument(ctx, args.input),
    retireDocument: (_parent, args, ctx) => retireDocument(ctx, args.id, args.reason),
  },
  Document: {
    id: (doc) => doc._id.toHexString(),
    load: (doc, _args, ctx) => required(ctx, ctx.models.Load, doc.load, 'Load'),
    stopId: (doc) => doc.stop?.toHexString() ?? null,
    downloadLink: (doc, _args, ctx) => {
      const link = downloadLinkOf(ctx, doc);
      return link ? { url: link.url, expiresAt: link.expiresAt.toISOString() } : null;
    },
    retiredAt: (doc) => doc.retiredAt?.toISOString() ?? null,
    createdBy: (doc) => userReference(doc.createdBy),
    createdAt: (doc) => doc.createdAt.toISOString(),
  },
  Load: {
    documents: (load, args, ctx) => documentsOfLoad(ctx, load._id, args.kind),
  },
} satisfies Resolvers;
