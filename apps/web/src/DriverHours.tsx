import { useCallback, useEffect, useState } from 'react';
import { SpaDriverHoursDocument, type DutyStatus, type HoursRule, type SpaDriverHoursQuery } from '@attunelogic/schema/client';
import { describeError, type Client } from './api';
import { formatTime } from './connection';

const STATUS_LABEL: Record<DutyStatus, string> = {
  off_duty: 'Off duty',
  sleeper_berth: 'Sleeper berth',
  driving: 'Driving',
  on_duty: 'On duty',
};

const RULE_LABEL: Record<HoursRule, string> = {
  driving_limit: 'driving limit',
  on_duty_window: 'on-duty window',
  break_required: 'break',
  cycle_limit: 'cycle',
};

type Row = SpaDriverHoursQuery['drivers']['edges'][number]['node'];

/** Minutes as hours and minutes, e.g. 5 h 30 min. */
export const formatMinutes = (minutes: number): string =>
  minutes >= 60 ? `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min` : `${minutes} min`;

/** Every driver's hours of service now: status, what is left and what limits it. */
export function DriverHours({ client }: { client: Client }) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const { drivers } = await client.request(SpaDriverHoursDocument, { first: 100 });
      setRows(drivers.edges.map((e) => e.node));
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  }, [client]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <section className="card" aria-label="Driver hours">
      <div className="card-header">
        <h2>Hours of service</h2>
        <button type="button" className="secondary" onClick={() => void refresh()}>
          Refresh
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>Driver</th>
            <th>Status</th>
            <th>Since</th>
            <th>Driving left</th>
            <th>Window left</th>
            <th>Cycle left</th>
            <th>Break due in</th>
          </tr>
        </thead>
        <tbody>
          {(rows ?? []).map((driver) => (
            <tr key={driver.id} data-driver-id={driver.id} data-left={driver.hours?.drivingMinutesLeft ?? ''}>
              <td className="strong">{driver.user.name}</td>
              {driver.hours ? (
                <>
                  <td data-duty-status={driver.hours.currentStatus}>{STATUS_LABEL[driver.hours.currentStatus]}</td>
                  <td>{driver.hours.currentStatusSince ? formatTime(driver.hours.currentStatusSince) : '—'}</td>
                  <td>
                    {formatMinutes(driver.hours.drivingMinutesLeft)}
                    <span className="muted"> ({RULE_LABEL[driver.hours.limitedBy]})</span>
                  </td>
                  <td>{formatMinutes(driver.hours.onDutyWindowMinutesLeft)}</td>
                  <td>{formatMinutes(driver.hours.cycleMinutesLeft)}</td>
                  <td>{formatMinutes(driver.hours.minutesUntilBreak)}</td>
                </>
              ) : (
                <td colSpan={6} className="muted">
                  not visible
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {rows?.length === 0 && <p className="muted">No drivers yet.</p>}
    </section>
  );
}
