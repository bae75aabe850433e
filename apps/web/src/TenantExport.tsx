import { useState } from 'react';
import { SpaExportTenantDataDocument, type SpaExportTenantDataMutation } from '@attunelogic/schema/client';
import { describeError, type Client } from './api';
import { formatTime } from './connection';

type Exported = SpaExportTenantDataMutation['exportTenantData'];

/**
 * The tenant's data for its owner (docs/PORTABILITY.md): every record and file in one archive with
 * a manifest of counts and checksums, built on request and downloaded by a short-lived link.
 */
export function TenantExport({ client }: { client: Client }) {
  const [exported, setExported] = useState<Exported | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const build = async () => {
    setBusy(true);
    setError(null);
    try {
      const { exportTenantData } = await client.request(SpaExportTenantDataDocument);
      setExported(exportTenantData);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-label="Your data">
      <div className="card-header">
        <h2>Your data</h2>
        <span className="muted">an archive of everything, for you to keep or to move</span>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p>Every record and stored file of the organisation, with a manifest of counts and checksums. Webhook secrets and passwords are not included.</p>
      <button type="button" disabled={busy} onClick={() => void build()}>
        {busy ? 'Building the archive…' : 'Export all data'}
      </button>
      {exported && (
        <div role="status" aria-label="Export ready">
          <p>
            {exported.documents} records and {exported.files} files, {Math.ceil(exported.size / 1024)} KB.{' '}
            <a href={exported.url} download>
              Download the archive
            </a>{' '}
            (the link works until {formatTime(exported.expiresAt)}).
          </p>
          <p className="muted">
            SHA-256 <code data-field="archive-sha256">{exported.sha256}</code>
          </p>
        </div>
      )}
    </section>
  );
}
