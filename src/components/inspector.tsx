/**
 * The inspector (right): the selected feature's names, its layer, the layer's `fields` in
 * catalog order with units and translated codes (a field tagged with a `lang` only in that
 * interface language, see {@link visibleFields}), its accuracy, and its area or length
 * measured in the CGCS2000 Gauss–Krüger zone (src/analysis/measure.ts). For an approximate
 * extent the facts it is drawn from are listed in their own block and not again among the
 * fields ({@link listedFields}). All values are React text. Esc closes it.
 */
import { useEffect, useMemo } from 'react';
import type { Feature, Geometry } from 'geojson';
import type { Accuracy, Bilingual, CatalogLayer, FieldSpec, Lang } from '../data/catalog-types';
import { ACCURACIES } from '../data/catalog-types';
import { CRS_INFO, type CrsCode } from '../crs/projections';
import { measureArea, measureLength } from '../analysis/measure';
import { formatAreaIn, formatLength } from '../analysis/units';
import { pick } from '../i18n';
import { useTranslation } from '../state/use-translation';
import { useAtlas, useDispatch } from '../state/atlas-store';
import type { FeatureRef } from '../state/atlas-state';
import { AccuracyBadge } from './accuracy-badge';
import { formatFieldValue, isEmptyValue, visibleFields } from './format-field';
import { isApproximateExtent, PUBLISHED_AREA_FIELD } from '../map/catalog-style';

/**
 * The facts an approximate extent (zones and parks with no published boundary, issue 15) is
 * drawn from, in the order a planner asks for them. Listed as known when the feature has a
 * value, as not published when it has none; the boundary itself is never published. The
 * sources are the reader's (`source_zh` / `source_en`, one shown per language), not the
 * technical `source` note.
 */
const EXTENT_FACT_KEYS = ['area_published_km2', 'level', 'approval_date', 'provincial_approval_date', 'national_approval_date', 'source_zh', 'source_en'];

/**
 * What the approximate-extent block already says, so the attribute list below it leaves it
 * out: the facts (known or not published) and the boundary field, whose "not published" the
 * block states in its own first line. Listed twice, a development zone showed 级别 and
 * 设立（批准）时间 once among the known facts and again among its attributes.
 */
const EXTENT_BLOCK_KEYS: ReadonlySet<string> = new Set([...EXTENT_FACT_KEYS, 'boundary']);

/**
 * The rows of the attribute list for a feature of `layer` in `lang`: the layer's visible
 * fields in catalog order, less those the approximate-extent block shows (each field once).
 */
export function listedFields(layer: Pick<CatalogLayer, 'fields' | 'style'>, lang: Lang): FieldSpec[] {
  const fields = visibleFields(layer, lang);
  return isApproximateExtent(layer) ? fields.filter((field) => !EXTENT_BLOCK_KEYS.has(field.key)) : fields;
}

// Inline bilingual text: these lines belong to the approximate-extent block only.
const EXTENT_TEXT: Record<'known' | 'unknown' | 'boundary' | 'drawnToArea' | 'drawnNoArea', Bilingual> = {
  known: { zh: '已知（公开资料）', en: 'Known (public sources)' },
  unknown: { zh: '未公布', en: 'Not published' },
  boundary: { zh: '边界：未公布——图上范围为示意', en: 'Boundary: not published — the extent drawn is schematic' },
  drawnToArea: {
    zh: '上面是图上示意范围的面积：范围按公布面积绘制，位置为大致位置。',
    en: 'Measured above: the drawn extent, sized to the published area; its place is approximate.',
  },
  drawnNoArea: {
    zh: '上面是图上示意范围的面积：未公布面积，大小没有意义。',
    en: 'Measured above: the drawn extent; no area is published, so its size means nothing.',
  },
};

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
        {feature && isApproximateExtent(layer) && <ExtentFacts layer={layer} properties={properties} lang={lang} />}
        {/* The measured figure comes first: it is what a planner compares with the documents. */}
        {measurement && <MeasurementBlock measurement={measurement} lang={lang} />}
        {measurement && isApproximateExtent(layer) && (
          <p className="panel-note" data-testid="inspector-extent-measured">
            {pick(isEmptyValue(properties[PUBLISHED_AREA_FIELD]) ? EXTENT_TEXT.drawnNoArea : EXTENT_TEXT.drawnToArea, lang)}
          </p>
        )}
        {feature && (
          <dl className="inspector-fields">
            {listedFields(layer, lang).map((field) => {
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

/** What the public record gives for an approximate extent, and what it does not. */
function ExtentFacts({ layer, properties, lang }: { layer: CatalogLayer; properties: Record<string, unknown>; lang: Lang }) {
  const shown = visibleFields(layer, lang);
  const facts = EXTENT_FACT_KEYS.map((key) => shown.find((field) => field.key === key)).filter(
    (field): field is FieldSpec => field !== undefined,
  );
  const known = facts.filter((field) => !isEmptyValue(properties[field.key]));
  const unknown = facts.filter((field) => isEmptyValue(properties[field.key]));
  return (
    <section className="extent-facts" data-testid="inspector-extent-facts">
      <h3>{pick(EXTENT_TEXT.known, lang)}</h3>
      <dl className="inspector-fields" data-testid="inspector-extent-known">
        {known.map((field) => {
          const formatted = formatFieldValue(field, properties[field.key], lang);
          return (
            <FieldRow key={field.key} label={pick(field.label, lang)}>
              {formatted.kind === 'text' ? formatted.text : formatted.kind === 'list' ? formatted.items.join('; ') : ''}
            </FieldRow>
          );
        })}
      </dl>
      <h3>{pick(EXTENT_TEXT.unknown, lang)}</h3>
      <ul className="value-list" data-testid="inspector-extent-unknown">
        <li>{pick(EXTENT_TEXT.boundary, lang)}</li>
        {unknown.map((field) => (
          <li key={field.key}>{pick(field.label, lang)}</li>
        ))}
      </ul>
    </section>
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
