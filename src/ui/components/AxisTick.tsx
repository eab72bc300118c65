/**
 * A numeric axis label drawn as a bare SVG <text>. Recharts' default tick is its <Text>, which,
 * given the axis width, measures every new label in a hidden DOM span: a forced layout of the whole
 * page per new string, while the worker trains and the labels change with every commit. Numbers on
 * a 340 px chart never need wrapping, so nothing here is measured.
 */
import type { SVGProps } from 'react';

/** What recharts hands a custom tick (the fields used here). */
export interface AxisTickProps {
  x?: number | string;
  y?: number | string;
  textAnchor?: SVGProps<SVGTextElement>['textAnchor'];
  verticalAnchor?: 'start' | 'middle' | 'end';
  fill?: string;
  className?: string;
  payload?: { value: unknown };
  index?: number;
  tickFormatter?: (value: unknown, index: number) => string;
}

/** Baseline shifts that put the text's top, middle or bottom at y (recharts' <Text> uses the same cap-height figure). */
const DY: Record<NonNullable<AxisTickProps['verticalAnchor']>, string> = { start: '0.71em', middle: '0.355em', end: '0' };

export function axisTickLabel(value: unknown, index: number, tickFormatter?: AxisTickProps['tickFormatter']): string {
  return tickFormatter ? tickFormatter(value, index) : String(value ?? '');
}

export function AxisTick({ x, y, textAnchor, verticalAnchor = 'end', fill, className, payload, index = 0, tickFormatter }: AxisTickProps) {
  return (
    <text x={x} y={y} dy={DY[verticalAnchor]} textAnchor={textAnchor} fill={fill} className={className}>
      {axisTickLabel(payload?.value, index, tickFormatter)}
    </text>
  );
}
