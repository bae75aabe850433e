// The stored fields of a retirement, shared by the vehicle, trailer and driver schemas. No imports:
// the models load this while the model registry itself is loading.

/** The mongoose paths of the retirement, added to each retirable schema. */
export const retirementPaths = {
  retiredAt: { type: Date, default: null },
  retirementReason: { type: String, default: null },
};
