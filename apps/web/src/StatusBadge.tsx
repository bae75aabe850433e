/** A status as a coloured badge; `data-status` carries the API's value. */
export function StatusBadge({ status, label }: { status: string; label: string }) {
  return (
    <span className={`status status-${status}`} data-status={status}>
      {label}
    </span>
  );
}
