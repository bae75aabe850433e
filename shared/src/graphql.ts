// SDL and resolver pieces that several subgraphs define. Federation composes a `@shareable` type only
// when every subgraph defines it identically, so each subgraph takes it from here instead of a copy.

/** `PageInfo` of every cursor connection (docs/CONTRACT.md, "Lists"). */
export const PAGE_INFO_SDL = /* GraphQL */ `
  "Where a page of a connection ends and whether another follows."
  type PageInfo @shareable {
    hasNextPage: Boolean!
    "Pass as \`after\` to get the next page; null for an empty page."
    endCursor: String
  }
`;

/**
 * The core subgraph's `User` as another subgraph references it: the id only, resolved by core.
 * Needs `@key` imported in the subgraph's `@link`.
 */
export const USER_REFERENCE_SDL = /* GraphQL */ `
  "A user of the tenant; its fields are resolved by the core subgraph."
  type User @key(fields: "id", resolvable: false) {
    id: ID!
  }
`;

/** The representation of a core user that a non-core subgraph returns for a `User` field. */
export const userReference = (id: { toString(): string }): { __typename: 'User'; id: string } => ({
  __typename: 'User',
  id: id.toString(),
});
