import { type ApolloServerPlugin } from '@apollo/server';
import { Kind, type GraphQLFormattedError, type OperationDefinitionNode } from 'graphql';
import { type Logger } from '../logger';
import { type TenantContext } from '../tenant';
import { appendAuditEvent, type AuditEventContent } from './audit-chain';
import { type AuditModels, type AuditOutcome } from './audit.model';
import { type AuditTrail } from './audit-trail';

interface AuditedContext {
  readonly tenant: TenantContext;
  readonly audit: AuditTrail;
}

const rootFields = (operation: OperationDefinitionNode): { key: string; name: string }[] =>
  operation.selectionSet.selections.flatMap((selection) =>
    selection.kind === Kind.FIELD && !selection.name.value.startsWith('__') ? [{ key: selection.alias?.value ?? selection.name.value, name: selection.name.value }] : [],
  );

const outcomeOf = (errors: readonly GraphQLFormattedError[]): { outcome: AuditOutcome; errorCode: string | null } => {
  if (errors.length === 0) return { outcome: 'success', errorCode: null };
  const code = String(errors[0]?.extensions?.['code'] ?? 'INTERNAL_SERVER_ERROR');
  return { outcome: code === 'FORBIDDEN' ? 'denied' : 'failed', errorCode: code };
};

/** Makes a diff plain JSON (ids and dates as strings), so its hash survives a round trip to the database. */
const plain = <T>(value: T): T => (value === null ? value : (JSON.parse(JSON.stringify(value)) as T));

/**
 * Writes the audit log of a subgraph: one event per mutation root field, whatever its outcome, and
 * one per query root field refused with FORBIDDEN. The response waits for the write, so an
 * acknowledged mutation always has its event.
 */
export function auditPlugin(models: AuditModels, subgraph: string, logger: Logger): ApolloServerPlugin<AuditedContext> {
  return {
    async requestDidStart() {
      return {
        async executionDidStart({ operation }) {
          if (operation.operation !== 'mutation') return;
          return {
            willResolveField({ info, contextValue }) {
              if (info.path.prev === undefined) contextValue.audit.enter(info.path.key as string);
            },
          };
        },
        async willSendResponse({ operation, response, contextValue }) {
          if (!operation || response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          const isMutation = operation.operation === 'mutation';
          const events: AuditEventContent[] = [];
          for (const field of rootFields(operation)) {
            const fieldErrors = errors.filter((e) => e.path?.[0] === field.key);
            const { outcome, errorCode } = outcomeOf(fieldErrors);
            if (!isMutation && outcome !== 'denied') continue;
            const target = contextValue.audit.targetOf(field.key);
            events.push({
              at: new Date(),
              actor: contextValue.tenant.userId,
              subgraph,
              operation: field.name,
              targetType: target?.type ?? null,
              targetId: target?.id ?? null,
              outcome,
              errorCode,
              diff: plain(target?.diff ?? null),
              requestId: contextValue.tenant.requestId,
              ...(contextValue.tenant.clientRequestId ? { clientRequestId: contextValue.tenant.clientRequestId } : {}),
            });
          }
          for (const event of events) {
            try {
              await appendAuditEvent(models, contextValue.tenant.tenantId, event);
            } catch (error) {
              logger.error({ err: error, tenantId: contextValue.tenant.tenantId, operation: event.operation }, 'audit event not written');
            }
          }
        },
      };
    },
  };
}
