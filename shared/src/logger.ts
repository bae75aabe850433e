import { pino, type Logger } from 'pino';
import { type TenantContext } from './tenant';

export type { Logger } from 'pino';

/** The process logger of one service: JSON lines, secrets redacted. */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    redact: { paths: ['req.headers.authorization', '*.authorization', '*.password', '*.token'], censor: '[redacted]' },
  });
}

/** A child logger that carries tenant, user and request id on every line. */
export const requestLogger = (logger: Logger, tenant: Pick<TenantContext, 'tenantId' | 'slug' | 'userId' | 'requestId' | 'clientRequestId'>): Logger =>
  logger.child({ tenant: tenant.slug, tenantId: tenant.tenantId, user: tenant.userId, requestId: tenant.requestId, clientRequestId: tenant.clientRequestId });
