/** A small drawing of how the map draws a layer, from the same style data (`legendEntries`). */
import { ESTIMATED_HALO_OPACITY, type LegendEntry } from '../map/catalog-style';

const WIDTH = 22;
const HEIGHT = 14;

export function LegendSwatch({ entry }: { entry: LegendEntry }) {
  const strokeWidth = Math.min(Math.max(entry.width, 1), 4);
  const dash = entry.dash ? entry.dash.map((part) => part * strokeWidth).join(' ') : undefined;
  return (
    <svg className="legend-swatch" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} overflow="hidden" aria-hidden="true">
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
      {entry.kind === 'fill' && entry.hatch && (
        // The same diagonal strokes the map lays over approximate extents (hatchPatternImage),
        // or the review's, falling the other way.
        <g stroke={entry.outline} strokeWidth={0.8} strokeOpacity={0.7}>
          {[-8, -2, 4, 10, 16].map((offset) => {
            const [from, to] = entry.hatch === 'review' ? [1.5, HEIGHT - 1.5] : [HEIGHT - 1.5, 1.5];
            return <line key={offset} x1={1.5 + offset} y1={from} x2={1.5 + offset + HEIGHT - 3} y2={to} />;
          })}
        </g>
      )}
      {entry.kind === 'line' && (
        <line x1={1} y1={HEIGHT / 2} x2={WIDTH - 1} y2={HEIGHT / 2} stroke={entry.color} strokeWidth={strokeWidth} strokeDasharray={dash} />
      )}
      {entry.kind === 'circle' && entry.halo && <circle cx={WIDTH / 2} cy={HEIGHT / 2} r={7} fill={entry.halo} fillOpacity={ESTIMATED_HALO_OPACITY} />}
      {entry.kind === 'circle' && (
        <circle cx={WIDTH / 2} cy={HEIGHT / 2} r={entry.halo ? 4 : 5} fill={entry.color} stroke={entry.outline} strokeWidth={Math.min(strokeWidth, 2)} />
      )}
    </svg>
  );
}
