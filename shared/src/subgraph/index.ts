// The plumbing every subgraph shares: defineSubgraph (SDL files, merged resolvers, models), the
// subgraph server behind the internal-context check, the owned-record helpers, and the SDL
// fragments every subgraph includes. Imported as `@attunelogic/shared/subgraph`.
export * from './define';
export * from './owned';
export * from '../subgraph-server';
export * from '../graphql';
