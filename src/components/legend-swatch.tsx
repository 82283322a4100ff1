/** A small drawing of how the map draws a layer, from the same style data (`legendEntries`). */
import type { LegendEntry } from '../map/catalog-style';

const WIDTH = 22;
const HEIGHT = 14;

export function LegendSwatch({ entry }: { entry: LegendEntry }) {
  const strokeWidth = Math.min(Math.max(entry.width, 1), 4);
  const dash = entry.dash ? entry.dash.map((part) => part * strokeWidth).join(' ') : undefined;
  return (
    <svg className="legend-swatch" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true">
      {entry.kind === 'fill' && (
        <rect
          x={1.5}
          y={1.5}
          width={WIDTH - 3}
          height={HEIGHT - 3}
          fill={entry.color}
          fillOpacity={Math.max(entry.fillOpacity, 0.15)}
          stroke={entry.outline}
          strokeWidth={strokeWidth}
          strokeDasharray={dash}
        />
      )}
      {entry.kind === 'line' && (
        <line x1={1} y1={HEIGHT / 2} x2={WIDTH - 1} y2={HEIGHT / 2} stroke={entry.color} strokeWidth={strokeWidth} strokeDasharray={dash} />
      )}
      {entry.kind === 'circle' && (
        <circle cx={WIDTH / 2} cy={HEIGHT / 2} r={5} fill={entry.color} stroke={entry.outline} strokeWidth={Math.min(strokeWidth, 2)} />
      )}
    </svg>
  );
}
