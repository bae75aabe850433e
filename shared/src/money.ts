// Money of quotes and invoices (service) and of loads, freight invoices and settlements (trucking):
// integer minor units (cents) of the tenant's currency, never a float.
// Quantities carry at most two decimals (1.5 hours of labour), so a line's amount is an integer
// product divided by 100 once, rounded half up; tax is rounded once per document, on the sum of
// its taxable lines.

/** The largest amount of a line or document: 10 million in major units, well inside a GraphQL Int. */
export const MAX_AMOUNT_CENTS = 1_000_000_000;

export interface PricedLine {
  quantity: number;
  unitPriceCents: number;
  taxable: boolean;
}

export interface Totals {
  subtotalCents: number;
  taxCents: number;
  totalCents: number;
}

/** Half up for the non-negative amounts here; `n / d` with integers `n` and `d`. */
const divideRounded = (n: number, d: number): number => Math.floor((2 * n + d) / (2 * d));

/** A quantity in hundredths: the integer every amount is computed from. */
export const hundredths = (quantity: number): number => Math.round(quantity * 100);

/** quantity × unit price, in cents. */
export const lineAmountCents = (line: Pick<PricedLine, 'quantity' | 'unitPriceCents'>): number => divideRounded(hundredths(line.quantity) * line.unitPriceCents, 100);

/** Subtotal, tax at `taxRateBasisPoints` on the taxable lines, total. */
export function totalsOf(lines: readonly PricedLine[], taxRateBasisPoints: number): Totals {
  let subtotalCents = 0;
  let taxableCents = 0;
  for (const line of lines) {
    const amount = lineAmountCents(line);
    subtotalCents += amount;
    if (line.taxable) taxableCents += amount;
  }
  const taxCents = divideRounded(taxableCents * taxRateBasisPoints, 10_000);
  return { subtotalCents, taxCents, totalCents: subtotalCents + taxCents };
}

const formatters = new Map<string, Intl.NumberFormat>();

/** `$1,234.50`: an amount in minor units as the currency is written (en-US conventions; ¥1,235 for JPY). */
export function formatMoney(amountMinor: number, currency: string): string {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    formatters.set(currency, formatter);
  }
  return formatter.format(amountMinor / 10 ** (formatter.resolvedOptions().maximumFractionDigits ?? 2));
}

/** An amount with its currency, as the API's Money shows it. */
export interface MoneyValue {
  amountCents: number;
  currency: string;
}

/** Totals with their currency, as the API's MoneyTotals shows them. */
export type TotalsView = Totals & { currency: string };

/** `basisPoints` / 10,000 of an amount in minor units (2500 = 25 %), rounded half up to the unit. */
export const shareOf = (amountMinor: number, basisPoints: number): number => divideRounded(amountMinor * basisPoints, 10_000);
