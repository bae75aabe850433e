// What a line of a quote or an invoice is; its arithmetic is shared (`@attunelogic/shared`'s money).
export const LINE_KINDS = ['labour', 'part', 'fee'] as const;
export type LineKind = (typeof LINE_KINDS)[number];
