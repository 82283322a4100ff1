/**
 * The inspector (right): the selected feature's names, its layer, the layer's `fields` in
 * catalog order with units and translated codes, its accuracy, and its area or length
 * measured in the CGCS2000 Gauss–Krüger zone (src/analysis/measure.ts). All values are
 * React text. Esc closes it.
 */
import { useEffect, useMemo } from 'react';
import type { Feature, Geometry } from 'geojson';
import type { Accuracy, CatalogLayer, Lang } from '../data/catalog-types';
import { ACCURACIES } from '../data/catalog-types';
import { CRS_INFO, type CrsCode } from '../crs/projections';
import { measureArea, measureLength } from '../analysis/measure';
import { formatAreaIn, formatLength } from '../analysis/units';
import { pick } from '../i18n';
import { useTranslation } from '../state/use-translation';
import { useAtlas, useDispatch } from '../state/atlas-store';
import type { FeatureRef } from '../state/atlas-state';
import { AccuracyBadge } from './accuracy-badge';
import { formatFieldValue } from './format-field';

function findFeature(layerData: ReturnType<typeof useLayerDataOf>, reference: FeatureRef): Feature | undefined {
  if (!layerData) return undefined;
  const wanted = String(reference.featureId);
  return layerData.features.find((feature) => String(feature.properties?.id ?? feature.id) === wanted);
}

function useLayerDataOf(layerId: string | undefined) {
  return useAtlas((state) => {
    const load = layerId ? state.layerData[layerId] : undefined;
    return load?.status === 'loaded' ? load.data : undefined;
  });
}

function featureAccuracy(feature: Feature | undefined, layer: CatalogLayer): Accuracy {
  const own = feature?.properties?.accuracy;
  return (ACCURACIES as readonly string[]).includes(own) ? (own as Accuracy) : layer.provenance.accuracy;
}

export function crsName(crs: CrsCode, lang: Lang): string {
  return `${pick(CRS_INFO[crs].label, lang)} (${crs})`;
}

type Measurement =
  | { kind: 'area'; planar: number; ellipsoidal: number; crs: CrsCode }
  | { kind: 'length'; planar: number; ellipsoidal: number; crs: CrsCode };

function measure(geometry: Geometry | null | undefined): Measurement | undefined {
  if (!geometry) return undefined;
  if (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') {
    const area = measureArea(geometry);
    return { kind: 'area', planar: area.area_m2, ellipsoidal: area.area_m2_ellipsoidal, crs: area.projected_crs };
  }
  if (geometry.type === 'LineString' || geometry.type === 'MultiLineString') {
    const length = measureLength(geometry);
    return { kind: 'length', planar: length.length_m, ellipsoidal: length.length_m_ellipsoidal, crs: length.projected_crs };
  }
  return undefined;
}

export function Inspector() {
  const selected = useAtlas((state) => state.selected);
  const catalog = useAtlas((state) => state.catalog);
  const dispatch = useDispatch();
  const layer = catalog?.layers.find((candidate) => candidate.id === selected?.layerId);
  const data = useLayerDataOf(layer?.id);

  useEffect(() => {
    if (!selected) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') dispatch({ type: 'feature-selected', feature: null });
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [selected, dispatch]);

  if (!selected || !layer) return null;
  return <InspectorPanel layer={layer} feature={findFeature(data, selected)} />;
}

function InspectorPanel({ layer, feature }: { layer: CatalogLayer; feature: Feature | undefined }) {
  const { t, lang } = useTranslation();
  const dispatch = useDispatch();
  const properties = feature?.properties ?? {};
  const nameZh = typeof properties.name_zh === 'string' ? properties.name_zh : '';
  const nameEn = typeof properties.name_en === 'string' ? properties.name_en : '';
  const title = (lang === 'zh' ? nameZh || nameEn : nameEn || nameZh) || pick(layer.title, lang);
  const subtitle = lang === 'zh' ? nameEn : nameZh;
  const accuracy = featureAccuracy(feature, layer);
  const measurement = useMemo(() => {
    try {
      return measure(feature?.geometry);
    } catch {
      return undefined;
    }
  }, [feature]);

  return (
    <aside className="inspector" data-testid="inspector" aria-label={title}>
      <div className="inspector-heading">
        <div>
          <h2 data-testid="inspector-title">{title}</h2>
          {subtitle && subtitle !== title && <p className="inspector-subtitle">{subtitle}</p>}
        </div>
        <button
          type="button"
          className="inspector-close"
          data-testid="inspector-close"
          title={t('inspector.closeTitle')}
          aria-label={t('inspector.close')}
          onClick={() => dispatch({ type: 'feature-selected', feature: null })}
        >
          ×
        </button>
      </div>
      <div className="inspector-body">
        <dl className="inspector-fields">
          <dt>{t('inspector.layer')}</dt>
          <dd>{pick(layer.title, lang)}</dd>
          <dt>{t('inspector.accuracy')}</dt>
          <dd>
            <AccuracyBadge accuracy={accuracy} />
          </dd>
        </dl>
        {accuracy === 'schematic' && <p className="schematic-note">{t('inspector.schematicNote')}</p>}
        {!feature && <p className="panel-note">{t('inspector.featureMissing')}</p>}
        {/* The measured figure comes first: it is what a planner compares with the documents. */}
        {measurement && <MeasurementBlock measurement={measurement} lang={lang} />}
        {feature && (
          <dl className="inspector-fields">
            {layer.fields.map((field) => {
              const formatted = formatFieldValue(field, properties[field.key], lang);
              return (
                <FieldRow key={field.key} label={pick(field.label, lang)}>
                  {formatted.kind === 'empty' && <span className="no-value">{t('inspector.noValue')}</span>}
                  {formatted.kind === 'text' && formatted.text}
                  {formatted.kind === 'list' && (
                    <ul className="value-list">
                      {formatted.items.map((item, index) => (
                        <li key={index}>{item}</li>
                      ))}
                    </ul>
                  )}
                </FieldRow>
              );
            })}
          </dl>
        )}
      </div>
    </aside>
  );
}

function FieldRow({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function MeasurementBlock({ measurement, lang }: { measurement: Measurement; lang: Lang }) {
  const { t } = useTranslation();
  return (
    <section className="measurement" data-testid="inspector-measurement">
      <h3>{measurement.kind === 'area' ? t('inspector.measuredArea') : t('inspector.measuredLength')}</h3>
      {measurement.kind === 'area' ? (
        <ul className="measurement-values">
          <li data-unit="mu">{formatAreaIn(measurement.planar, 'mu', lang)}</li>
          <li data-unit="ha">{formatAreaIn(measurement.planar, 'ha', lang)}</li>
          <li data-unit="km2">{formatAreaIn(measurement.planar, 'km2', lang)}</li>
        </ul>
      ) : (
        <ul className="measurement-values">
          <li data-unit="km">{formatLength(measurement.planar, lang)}</li>
        </ul>
      )}
      <p className="measurement-crs">{t('inspector.measuredIn', { crs: crsName(measurement.crs, lang) })}</p>
      <p className="measurement-ellipsoidal">
        {t('inspector.ellipsoidal')} (GRS80):{' '}
        {measurement.kind === 'area' ? formatAreaIn(measurement.ellipsoidal, 'km2', lang, 3) : formatLength(measurement.ellipsoidal, lang)}
      </p>
    </section>
  );
}
