import { useCallback, useEffect, useState } from 'react';
import { SpaDispatchBoardDocument, type SpaDispatchBoardQuery } from '@attunelogic/schema/client';
import { describeError, type Client } from './api';
import { formatMinutes } from './DriverHours';

type Board = SpaDispatchBoardQuery['dispatchBoard'];

const AVAILABILITY: Record<string, string> = { free: 'Free', assigned: 'Assigned', in_transit: 'In transit', unavailable: 'Unavailable' };

/** The dispatcher's day: who is free, who is on what, hours left, conflicts, late and unassigned loads, maintenance due soon. */
export function DispatchBoard({ client }: { client: Client }) {
  const [board, setBoard] = useState<Board | null>(null);
  const [date, setDate] = useState('');
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const { dispatchBoard } = await client.request(SpaDispatchBoardDocument, { date: date || null });
      setBoard(dispatchBoard);
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  }, [client, date]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <section className="card" aria-label="Dispatch board">
      <div className="card-header">
        <h2>Dispatch board {board && <span className="muted">{board.date}</span>}</h2>
        <label>
          Day <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
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
      {board && (
        <>
          <table aria-label="Drivers on the board">
            <thead>
              <tr>
                <th>Driver</th>
                <th>Availability</th>
                <th>Current load</th>
                <th>Driving left</th>
                <th>Conflicts</th>
              </tr>
            </thead>
            <tbody>
              {board.drivers.map((row) => (
                <tr key={row.driver.id} data-driver-id={row.driver.id} data-availability={row.availability}>
                  <td className="strong">{row.driver.user.name}</td>
                  <td>{AVAILABILITY[row.availability]}</td>
                  <td>{row.currentLoad?.referenceNumber ?? '—'}</td>
                  <td>{row.hours ? formatMinutes(row.hours.drivingMinutesLeft) : '—'}</td>
                  <td>{row.conflicts.map((c) => c.message).join(' ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table aria-label="Vehicles on the board">
            <thead>
              <tr>
                <th>Unit</th>
                <th>Availability</th>
                <th>Current load</th>
                <th>Conflicts</th>
              </tr>
            </thead>
            <tbody>
              {board.vehicles.map((row) => (
                <tr key={row.vehicle.id} data-vehicle-id={row.vehicle.id} data-availability={row.availability}>
                  <td className="strong">{row.vehicle.unitNumber}</td>
                  <td>{AVAILABILITY[row.availability]}</td>
                  <td>{row.currentLoad?.referenceNumber ?? '—'}</td>
                  <td>{row.conflicts.map((c) => c.message).join(' ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p aria-label="Unassigned loads">Unassigned: {board.unassignedLoads.map((l) => l.referenceNumber).join(', ') || 'none'}</p>
          <p aria-label="Late loads">Late: {board.lateLoads.map((l) => l.referenceNumber).join(', ') || 'none'}</p>
          <p aria-label="Maintenance due soon">
            Maintenance due within {board.reminderLeadDays} days:{' '}
            {board.maintenanceDueSoon.map((m) => `${m.vehicle.unitNumber} ${m.schedule.name} (${m.status})`).join(', ') || 'none'}
          </p>
        </>
      )}
    </section>
  );
}
