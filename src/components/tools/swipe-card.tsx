/**
 * The swipe-compare choices (issue 14): which layer or layer group each side of the divider
 * shows. The map side is src/map/tools/swipe-compare.tsx.
 */
import { LAYER_GROUPS } from '../../data/catalog-types';
import { pick, type MessageKey } from '../../i18n';
import { useAtlas } from '../../state/atlas-store';
import { toolsStore, useTools } from '../../state/tools-store';
import { useTranslation } from '../../state/use-translation';

export function SwipeCard() {
  const { lang, t } = useTranslation();
  const swipe = useTools((state) => state.swipe);
  const catalog = useAtlas((state) => state.catalog);
  if (!swipe || !catalog) return null;
  const options = [
    ...LAYER_GROUPS.map((group) => ({ value: `group:${group}`, label: `${t('tools.swipe.group')}: ${t(`group.${group}` as MessageKey)}` })),
    ...catalog.layers.map((layer) => ({ value: `layer:${layer.id}`, label: pick(layer.title, lang) })),
  ];
  const chooser = (side: 'left' | 'right') => (
    <label className="tools-row">
      <span>{side === 'left' ? t('tools.swipe.left') : t('tools.swipe.right')}</span>
      <select data-testid={`swipe-${side}-choice`} value={swipe[side]} onChange={(event) => toolsStore.dispatch({ type: 'swipe-set', swipe: { [side]: event.target.value } })}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section className="tools-card" data-testid="swipe-card" aria-label={t('tools.swipe.title')}>
      <div className="tools-card-heading">
        <h2>{t('tools.swipe.title')}</h2>
        <button type="button" className="tools-close" aria-label={t('tools.close')} onClick={() => toolsStore.dispatch({ type: 'swipe-set', swipe: null })}>
          ×
        </button>
      </div>
      {chooser('left')}
      {chooser('right')}
      <p className="tools-hint">{t('tools.swipe.hint')}</p>
    </section>
  );
}
