import { pingDatabase } from '@attunelogic/shared/mongo';
import { type Connection } from 'mongoose';

/** Whether the gateway can serve: its supergraph is loaded, its database answers, and each subgraph is ready. */
export function createReadiness(deps: { connection: Connection; subgraphUrls: Record<string, string>; started: () => boolean }) {
  return async function ready(): Promise<{ ok: boolean; checks: Record<string, boolean> }> {
    const checks: Record<string, boolean> = { supergraph: deps.started(), database: await pingDatabase(deps.connection) };
    await Promise.all(
      Object.entries(deps.subgraphUrls).map(async ([name, url]) => {
        try {
          const res = await fetch(url.replace(/\/graphql$/, '/readyz'), { signal: AbortSignal.timeout(2_000) });
          checks[name] = res.ok;
        } catch {
          checks[name] = false;
        }
      }),
    );
    return { ok: Object.values(checks).every(Boolean), checks };
  };
}
