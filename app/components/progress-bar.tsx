/** A native <progress> (role progressbar), so no inline style is needed under the CSP. */
export function ProgressBar({ percent, label }: { percent: number; label: string }) {
  return (
    <div className="progress">
      <progress value={percent} max={100} aria-label={label} />
      <span className="progress-label">{label}</span>
    </div>
  );
}
