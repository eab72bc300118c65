/** A chart in a figure named by its title (how people, screen readers and tests find it), with a caption and an optional note. */
export function ChartFigure({
  title,
  note,
  children,
  ...handlers
}: { title: string; note?: string; children: React.ReactNode } & Pick<React.HTMLAttributes<HTMLElement>, 'onPointerEnter' | 'onPointerLeave' | 'onFocus' | 'onBlur'>) {
  return (
    <figure className="chart" aria-label={title} {...handlers}>
      <figcaption>{title}</figcaption>
      {children}
      {note && <p className="muted chart-note">{note}</p>}
    </figure>
  );
}
