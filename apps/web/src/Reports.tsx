import { useCallback, useEffect, useState } from 'react';
import { SpaReportsDocument, type SpaReportsQuery } from '@attunelogic/schema/client';
import { describeError, type Client } from './api';

const DAY = 86_400_000;
const day = (at: number): string => new Date(at).toISOString().slice(0, 10);
const money = (cents: number, currency: string) => new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);
const percent = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : `${value} %`);
const distance = (value: number, unit: string): string => `${value.toLocaleString('en-US', { maximumFractionDigits: 1 })} ${unit}`;

/** The owner's reports of a period (UTC days, the last 30 by default): on-time pickups and deliveries, revenue and cost per mile, empty miles, loads per driver. */
export function Reports({ client }: { client: Client }) {
  const [from, setFrom] = useState(() => day(Date.now() - 30 * DAY));
  const [to, setTo] = useState(() => day(Date.now() + DAY));
  const [reports, setReports] = useState<SpaReportsQuery | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setReports(await client.request(SpaReportsDocument, { from: `${from}T00:00:00Z`, to: `${to}T00:00:00Z` }));
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  }, [client, from, to]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const onTime = reports?.onTimeReport;
  const operating = reports?.operatingReport;
  return (
    <section className="card" aria-label="Reports">
      <div className="card-header">
        <h2>Reports</h2>
        <label>
          From <input type="date" aria-label="Report from" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To <input type="date" aria-label="Report to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="button" className="secondary" onClick={() => void refresh()}>
          Refresh
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {operating && (
        <table aria-label="Operating report">
          <thead>
            <tr>
              <th>Loads</th>
              <th>Revenue</th>
              <th>Cost</th>
              <th>Revenue / {operating.distanceUnit}</th>
              <th>Cost / {operating.distanceUnit}</th>
              <th>Loaded</th>
              <th>Empty</th>
              <th>Loads / driver</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td data-figure="loads">{operating.loads}</td>
              <td data-figure="revenue">
                {money(operating.revenueCents, operating.currency)}
                <div className="muted">
                  {money(operating.lineHaulCents, operating.currency)} line haul + {money(operating.accessorialCents, operating.currency)} accessorials
                </div>
              </td>
              <td data-figure="cost">
                {money(operating.costCents, operating.currency)}
                <div className="muted">
                  {money(operating.driverPayCents, operating.currency)} driver pay + {money(operating.maintenanceCents, operating.currency)} maintenance
                  {operating.unsettledLoads > 0 && ` · ${operating.unsettledLoads} load(s) not settled yet`}
                </div>
              </td>
              <td data-figure="revenue-per-distance">
                {operating.revenuePerDistanceCents === null ? '—' : money(operating.revenuePerDistanceCents, operating.currency)}
              </td>
              <td data-figure="cost-per-distance">{operating.costPerDistanceCents === null ? '—' : money(operating.costPerDistanceCents, operating.currency)}</td>
              <td>{distance(operating.loadedDistance, operating.distanceUnit)}</td>
              <td data-figure="empty">
                {distance(operating.emptyDistance, operating.distanceUnit)} <span className="muted">({percent(operating.emptyPercent)})</span>
              </td>
              <td>{operating.loadsPerDriver ?? '—'}</td>
            </tr>
          </tbody>
        </table>
      )}
      {operating && operating.drivers.length > 0 && (
        <table aria-label="Per driver">
          <thead>
            <tr>
              <th>Driver</th>
              <th>Loads</th>
              <th>Loaded</th>
              <th>Empty</th>
              <th>Revenue</th>
              <th>Driver pay</th>
              <th>On-time pickups</th>
              <th>On-time deliveries</th>
            </tr>
          </thead>
          <tbody>
            {operating.drivers.map((row) => {
              const timing = onTime?.drivers.find((d) => d.driver.id === row.driver.id);
              return (
                <tr key={row.driver.id} data-driver-id={row.driver.id}>
                  <td className="strong">{row.driver.user.name}</td>
                  <td>{row.loads}</td>
                  <td>{distance(row.loadedDistance, operating.distanceUnit)}</td>
                  <td>{distance(row.emptyDistance, operating.distanceUnit)}</td>
                  <td>{money(row.revenueCents, operating.currency)}</td>
                  <td>{money(row.driverPayCents, operating.currency)}</td>
                  <td>{percent(timing?.pickups.percent)}</td>
                  <td>{percent(timing?.deliveries.percent)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {onTime && (
        <table aria-label="On-time report">
          <thead>
            <tr>
              <th>Stops</th>
              <th>Recorded</th>
              <th>On time</th>
              <th>Late</th>
              <th>On-time %</th>
              <th>Not recorded</th>
            </tr>
          </thead>
          <tbody>
            {(
              [
                ['Pickups', onTime.pickups],
                ['Deliveries', onTime.deliveries],
              ] as const
            ).map(([label, f]) => (
              <tr key={label} data-stops={label.toLowerCase()}>
                <td className="strong">{label}</td>
                <td>{f.total}</td>
                <td>{f.onTime}</td>
                <td>{f.late}</td>
                <td>{percent(f.percent)}</td>
                <td>{f.unrecorded}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
