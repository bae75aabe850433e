import { type ReactNode } from 'react';
import { type SessionQuery } from '@attunelogic/schema/client';

/** Who is signed in, for which tenant. */
export function SessionPanel({ session, onSignOut, live }: { session: SessionQuery; onSignOut(): void; live?: ReactNode }) {
  const { me, tenant } = session;
  return (
    <section className="card session" aria-label="Session">
      <div>
        <div className="session-user">
          <strong>{me.name}</strong> <span className="muted">{me.email}</span>
        </div>
        <div className="muted">roles: {me.roles.join(', ')}</div>
        {live}
      </div>
      <div>
        <div className="session-tenant">
          <strong>{tenant.name}</strong> <span className="muted">({tenant.slug})</span>
        </div>
        <div className="muted">
          {tenant.appType} · payment {tenant.paymentStatus} · data {tenant.placement.mode}
        </div>
        {tenant.placement.writesHeld && <div className="muted">Your data is being moved: changes are paused for a moment, viewing continues.</div>}
      </div>
      <button type="button" className="secondary" onClick={onSignOut}>
        Sign out
      </button>
    </section>
  );
}
