// A tenant's plan: the share of the gateway's budgets its requests and query cost get. The gateway's
// RATE_LIMIT_TENANT_REQUESTS, RATE_LIMIT_USER_REQUESTS and RATE_LIMIT_TENANT_COST are the standard
// plan's budgets per window; the other plans are multiples of them, so one deployment's sizing
// scales every plan at once. The plan is in the tenant's record (`plan`), changed by the operators'
// `pnpm tenant set-plan` and audited in the tenant's chain; a tenant without one is on `standard`.

export const PLANS = ['starter', 'standard', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

export const DEFAULT_PLAN: Plan = 'standard';

/** How many times the standard budgets each plan gets (requests of the tenant, of each user, and cost). */
export const PLAN_BUDGET_FACTORS: Record<Plan, number> = { starter: 0.2, standard: 1, enterprise: 5 };

/** A tenant's budgets per window. */
export interface PlanBudgets {
  tenantRequests: number;
  userRequests: number;
  tenantCost: number;
}

/** The budgets of a plan, from the standard plan's (the gateway's configuration); never below one. */
export function budgetsOfPlan(plan: Plan, standard: PlanBudgets): PlanBudgets {
  const factor = PLAN_BUDGET_FACTORS[plan];
  const scale = (budget: number) => Math.max(1, Math.floor(budget * factor));
  return { tenantRequests: scale(standard.tenantRequests), userRequests: scale(standard.userRequests), tenantCost: scale(standard.tenantCost) };
}

/** A stored plan value as a plan: anything else (or none) is the default. */
export const planOf = (value: unknown): Plan => (PLANS.includes(value as Plan) ? (value as Plan) : DEFAULT_PLAN);
