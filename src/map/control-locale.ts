/**
 * MapLibre's own interface strings (the scale bar's units, the navigation buttons' tooltips,
 * the canvas's accessible name) in the atlas's language. MapLibre takes them as a constructor
 * option (`locale`) and reads them when a control is added (the scale bar on every move), while
 * the atlas's language can change at any time: the table is patched on the map before the
 * controls are added, and the controls are keyed by language so a change re-adds them.
 */
import { useLayoutEffect } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Lang } from '../data/catalog-types';

/** The Chinese strings; in English MapLibre's own table is used as it is. */
const CHINESE: Readonly<Record<string, string>> = {
  'Map.Title': '地图',
  'NavigationControl.ZoomIn': '放大',
  'NavigationControl.ZoomOut': '缩小',
  'NavigationControl.ResetBearing': '拖动旋转地图，单击恢复正北',
  'ScaleControl.Meters': '米',
  'ScaleControl.Kilometers': '千米',
};

/** Each map's own (English) table, as MapLibre built it. */
const ORIGINAL = new WeakMap<MapLibreMap, Record<string, string>>();

/**
 * Patches the map's string table for `language`. A layout effect: it runs before the
 * controls' own effects of the same render add them (react-map-gl adds controls in passive
 * effects), so a control keyed by language is built with the new strings.
 */
export function useControlLocale(map: MapLibreMap | null, language: Lang): void {
  useLayoutEffect(() => {
    if (!map) return;
    const original = ORIGINAL.get(map) ?? map._locale;
    ORIGINAL.set(map, original);
    map._locale = language === 'zh' ? { ...original, ...CHINESE } : original;
    map.getCanvas().setAttribute('aria-label', map._getUIString('Map.Title'));
  }, [map, language]);
}
