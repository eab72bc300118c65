/**
 * A chart's legend as plain HTML under the plot. Recharts' own <Legend> measures its rendered size
 * and feeds it back into the chart's layout, one more pass through the chart on every data change;
 * this list costs a few DOM nodes, and reads as a list to screen readers.
 */
export interface LegendItem {
  label: string;
  color: string;
  /** Drawn dashed in the chart (held-out series). */
  dashed?: boolean;
  /** A filled range (a seed band), not a line. */
  band?: boolean;
}

export function ChartLegend({ items }: { items: readonly LegendItem[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="chart-legend">
      {items.map((item) => (
        <li key={item.label}>
          <span
            className={`chart-swatch${item.dashed ? ' dashed' : ''}${item.band ? ' band' : ''}`}
            style={item.band ? { background: item.color } : { borderColor: item.color }}
            aria-hidden="true"
          />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
