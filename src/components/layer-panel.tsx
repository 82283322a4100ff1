/**
 * The layer panel (left): layers grouped basemap / planning / transport / marine / projects,
 * each with a visibility toggle, an opacity slider, a legend drawn from the style data, the
 * accuracy badge, the feature count and its provenance on expand.
 */
import { memo, useMemo } from 'react';
import { LAYER_GROUPS, type CatalogLayer, type Lang, type LayerMeta } from '../data/catalog-types';
import { pick, translate, type MessageKey } from '../i18n';
import { useTranslation } from '../state/use-translation';
import { legendEntries } from '../map/catalog-style';
import type { LayerLoad, LayerUiState } from '../state/atlas-state';
import { useAtlas, useDispatch } from '../state/atlas-store';
import { AccuracyBadge } from './accuracy-badge';
import { LegendSwatch } from './legend-swatch';
// Issue 12: loaded after the first draw (its controller starts the analysis worker).
import { LazyReferenceLayersSection as ReferenceLayersSection } from './lazy/lazy-reference';

export function LayerPanel() {
  const catalog = useAtlas((state) => state.catalog);
  const layerUi = useAtlas((state) => state.layerUi);
  const layerData = useAtlas((state) => state.layerData);
  const open = useAtlas((state) => state.layerPanelOpen);
  const dispatch = useDispatch();
  const { t, lang } = useTranslation();

  const groups = useMemo(
    () =>
      LAYER_GROUPS.map((group) => ({ group, layers: (catalog?.layers ?? []).filter((layer) => layer.group === group) })).filter(
        (entry) => entry.layers.length > 0,
      ),
    [catalog],
  );

  return (
    <aside className={`layer-panel ${open ? 'is-open' : 'is-collapsed'}`} data-testid="layer-panel" aria-label={t('layers.title')}>
      <div className="panel-heading">
        {open && <h2>{t('layers.title')}</h2>}
        <button
          type="button"
          className="panel-toggle"
          onClick={() => dispatch({ type: 'layer-panel-toggled' })}
          title={open ? t('layers.collapse') : t('layers.expand')}
          aria-expanded={open}
          aria-label={open ? t('layers.collapse') : t('layers.expand')}
        >
          {open ? '‹' : '☰'}
        </button>
      </div>
      {/* Collapsed panels stay in the DOM (hidden) so the layer toggles keep their state and test ids. */}
      <div className="panel-body" hidden={!open}>
        {!catalog && <p className="panel-note">{t('map.loading')}</p>}
        {groups.map(({ group, layers }) => (
          <section key={group} className="layer-group">
            <h3>{t(`group.${group}` as MessageKey)}</h3>
            <ul>
              {layers.map((layer) => (
                <LayerRow key={layer.id} layer={layer} ui={layerUi[layer.id]} load={layerData[layer.id]} lang={lang} />
              ))}
            </ul>
          </section>
        ))}
        {/* The bureau's own layers (issue 10): stored in the browser, read by the review. */}
        <ReferenceLayersSection />
      </div>
    </aside>
  );
}

const LayerRow = memo(function LayerRow({
  layer,
  ui,
  load,
  lang,
}: {
  layer: CatalogLayer;
  ui: LayerUiState | undefined;
  load: LayerLoad | undefined;
  lang: Lang;
}) {
  const dispatch = useDispatch();
  const { t } = useTranslation();
  const loadedData = load?.status === 'loaded' ? load.data : undefined;
  const legend = useMemo(() => legendEntries(layer, loadedData), [layer, loadedData]);
  const visible = ui?.visible ?? false;
  const opacity = ui?.opacity ?? 1;
  const title = pick(layer.title, lang);
  const status = load?.status;
  return (
    <li className={`layer-row ${visible ? 'is-visible' : ''}`}>
      <div className="layer-line">
        <label className="layer-label" title={layer.description ? pick(layer.description, lang) : title}>
          <input
            type="checkbox"
            checked={visible}
            data-testid={`layer-toggle-${layer.id}`}
            onChange={(event) => dispatch({ type: 'layer-visibility-set', layerId: layer.id, visible: event.target.checked })}
          />
          <LegendSwatch entry={legend[0]} />
          <span className="layer-title">{title}</span>
        </label>
        <AccuracyBadge accuracy={layer.provenance.accuracy} testId={`layer-accuracy-${layer.id}`} />
      </div>
      <div className="layer-meta">
        <span className="feature-count">
          {status === 'loading' ? t('layers.loading') : status === 'error' ? t('layers.loadFailed') : t(layer.featureCount === 1 ? 'layers.featureOne' : 'layers.features', { count: layer.featureCount })}
        </span>
        <label className="opacity-control">
          <span className="visually-hidden">
            {t('layers.opacity')} · {title}
          </span>
          <input
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={opacity}
            data-testid={`layer-opacity-${layer.id}`}
            title={`${t('layers.opacity')} ${Math.round(opacity * 100)}%`}
            onChange={(event) => dispatch({ type: 'layer-opacity-set', layerId: layer.id, opacity: Number(event.target.value) })}
          />
        </label>
      </div>
      {legend.length > 1 && (
        <ul className="legend-list">
          {legend.map((entry) => (
            <li key={entry.color + (entry.label?.en ?? '')}>
              <LegendSwatch entry={entry} />
              <span>{entry.label ? pick(entry.label, lang) : title}</span>
            </li>
          ))}
        </ul>
      )}
      <ProvenanceDetails layer={layer} lang={lang} />
    </li>
  );
});

/**
 * A layer's provenance on expand: under 来源 / Source the reader-facing citation in the
 * interface language; the full technical note (`provenance.source`, English, with file and
 * script names) stays available as its own row, 详细出处 / Source details. All plain text.
 * Takes the language as a prop and reads no store, so it renders anywhere.
 */
export function ProvenanceDetails({ layer, lang }: { layer: LayerMeta; lang: Lang }) {
  const t = (key: MessageKey) => translate(lang, key);
  return (
    <details className="provenance">
      <summary>{t('layers.provenance')}</summary>
      <dl>
        <dt>{t('layers.source')}</dt>
        <dd data-testid={`layer-citation-${layer.id}`}>{pick(layer.provenance.citation, lang)}</dd>
        <dt>{t('layers.date')}</dt>
        <dd>{layer.provenance.date}</dd>
        <dt>{t('layers.licence')}</dt>
        <dd>{layer.licence}</dd>
        <dt>{t('layers.sourceDetails')}</dt>
        <dd data-testid={`layer-source-details-${layer.id}`}>{layer.provenance.source}</dd>
        {layer.provenance.notes && (
          <>
            <dt>{t('layers.notes')}</dt>
            <dd>{layer.provenance.notes}</dd>
          </>
        )}
      </dl>
    </details>
  );
}
