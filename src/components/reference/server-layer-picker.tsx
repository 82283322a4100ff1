/**
 * "从服务器添加 / Add from server" in the reference-layer section (issue 13): the layer
 * services the administrator lists in `atlas-config.json` (`sources`), or an address the
 * reviewer types — a WFS layer (…?SERVICE=WFS&TYPENAMES=…), an OGC API – Features collection
 * (…/collections/{id}) or a FlatGeobuf file by URL. A WFS endpoint or an OGC API landing page
 * without a layer lists its layers to pick one. An address whose origin is not in
 * `allowedOrigins` is refused here with the reason: the page's Content-Security-Policy
 * (connect-src, built from that list) would block it anyway, and only the administrator can
 * add it. The worker checks the address, stores the layer's config (no data) and presets its
 * role; the role is then chosen in the layer's row as for file layers.
 */
import { useEffect, useId, useState } from 'react';
import { ATLAS_CONFIG_FILE, originOf, parseAtlasConfig, type AtlasConfig, type ConfiguredSource } from '../../data/atlas-config';
import type { Bilingual } from '../../data/catalog-types';
import { pick, translate } from '../../i18n';
import { parseSourceAddress } from '../../io/sources/source-spec';
import { useReferenceController } from '../../state/reference-hooks';
import type { ReferenceMessage } from '../../state/reference-state';
import { useTranslation } from '../../state/use-translation';
import type { ServerLayerChoice } from '../../worker/protocol';

type LoadedConfig = { ok: true; config: AtlasConfig } | { ok: false; error: Bilingual };

let configOnce: Promise<LoadedConfig> | undefined;

/** The deployed atlas-config.json, read once per page (it changes only with a new deployment). */
function loadAtlasConfig(): Promise<LoadedConfig> {
  configOnce ??= fetch(`./${ATLAS_CONFIG_FILE}`, { cache: 'no-cache' })
    .then(async (response) => {
      if (!response.ok) return { ok: false as const, error: { zh: `HTTP ${response.status}`, en: `HTTP ${response.status}` } };
      return parseAtlasConfig(await response.text());
    })
    .catch((error: unknown) => ({ ok: false as const, error: { zh: String(error), en: String(error) } }));
  return configOnce;
}

/** The address a configured source is added by (a WFS layer carries its type name in the URL). */
export function configuredSourceUrl(source: ConfiguredSource): string {
  if (source.kind !== 'wfs' || !source.typeName) return source.url;
  const url = new URL(source.url);
  url.searchParams.set('SERVICE', 'WFS');
  url.searchParams.set('TYPENAMES', source.typeName);
  return url.href;
}

/** Whether an address names one layer (else it is a service to list the layers of). */
function namesOneLayer(url: string): boolean {
  const address = parseSourceAddress(url);
  if (address.kind !== 'flatgeobuf-url') return true;
  return /\.fgb$/i.test(new URL(url).pathname);
}

export function ServerLayerPicker() {
  const { t, lang } = useTranslation();
  const controller = useReferenceController();
  const [open, setOpen] = useState(false);
  const [config, setConfig] = useState<LoadedConfig | null>(null);
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReferenceMessage | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [choices, setChoices] = useState<ServerLayerChoice[] | null>(null);
  const urlId = useId();

  useEffect(() => {
    if (!open || config) return;
    let live = true;
    void loadAtlasConfig().then((loaded) => {
      if (live) setConfig(loaded);
    });
    return () => {
      live = false;
    };
  }, [open, config]);

  /** The reason an address cannot be used from this page, or null. */
  const refusal = (address: string): ReferenceMessage | null => {
    const origin = originOf(address);
    if (!origin) return { message: bilingual('serverLayers.badUrl', { url: address.slice(0, 200) }) };
    const allowed = config?.ok ? config.config.allowedOrigins : [];
    if (origin !== window.location.origin && !allowed.includes(origin)) return { message: bilingual('serverLayers.notAllowed', { origin }) };
    return null;
  };

  const add = async (address: string, name?: string) => {
    setError(null);
    setAdded(null);
    const refused = refusal(address);
    if (refused) {
      setError(refused);
      return;
    }
    setBusy(true);
    try {
      if (!namesOneLayer(address)) {
        const listed = await controller.serverLayers(address);
        if (!listed.ok) {
          if (listed.error.code !== 'CANCELLED' && listed.error.code !== 'SUPERSEDED') setError({ message: listed.error.message, hint: listed.error.hint });
          return;
        }
        setChoices(listed.value);
        return;
      }
      const failed = await controller.addServerLayer(address, name);
      if (failed) {
        setError(failed);
        return;
      }
      setChoices(null);
      setUrl('');
      setAdded(name ?? address);
    } finally {
      setBusy(false);
    }
  };

  // Messages built from both languages' templates, so the stored text follows a language switch.
  function bilingual(key: 'serverLayers.badUrl' | 'serverLayers.notAllowed', values: Record<string, string>): Bilingual {
    return { zh: translate('zh', key, values), en: translate('en', key, values) };
  }

  if (!open) {
    return (
      <button type="button" className="review-button is-small" data-testid="server-layers-open" onClick={() => setOpen(true)}>
        {t('serverLayers.open')}
      </button>
    );
  }
  const sources = config?.ok ? config.config.sources : [];
  return (
    <div className="reference-import server-layers" data-testid="server-layers">
      <p className="reference-import-title">{t('serverLayers.title')}</p>
      <p className="panel-note-inline">{t('serverLayers.configured')}</p>
      {config && !config.ok && (
        <p className="form-error" role="alert">
          {t('serverLayers.configError', { error: pick(config.error, lang) })}
        </p>
      )}
      {config?.ok && sources.length === 0 && <p className="panel-note-inline">{t('serverLayers.noneConfigured')}</p>}
      {sources.length > 0 && (
        <ul className="server-layer-list" data-testid="server-layers-configured">
          {sources.map((source) => (
            <li key={source.id}>
              <span>{source.name}</span>{' '}
              <button type="button" className="review-button is-small" disabled={busy} data-testid={`server-layer-add-${source.id}`} onClick={() => void add(configuredSourceUrl(source), source.name)}>
                {t('serverLayers.addThis')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <label htmlFor={urlId}>{t('serverLayers.urlLabel')}</label>
      <input
        id={urlId}
        type="url"
        value={url}
        placeholder={t('serverLayers.urlPlaceholder')}
        data-testid="server-layers-url"
        onChange={(event) => setUrl(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && url.trim()) void add(url.trim());
        }}
      />
      <div className="reference-actions">
        <button type="button" className="review-button is-primary is-small" disabled={busy || !url.trim()} data-testid="server-layers-read" onClick={() => void add(url.trim())}>
          {t('serverLayers.addUrl')}
        </button>
        <button
          type="button"
          className="review-button is-small"
          onClick={() => {
            setOpen(false);
            setError(null);
            setChoices(null);
            setAdded(null);
          }}
        >
          {t('serverLayers.close')}
        </button>
      </div>
      {busy && <p role="status">{t('serverLayers.working')}</p>}
      {choices && (
        <div data-testid="server-layers-choices">
          <p>{choices.length > 0 ? t('serverLayers.pick') : t('serverLayers.noLayers')}</p>
          <ul className="server-layer-list">
            {choices.map((choice) => (
              <li key={choice.url}>
                <span>{choice.title}</span> <code>{choice.name}</code>{' '}
                <button type="button" className="review-button is-small" disabled={busy} data-testid="server-layer-choice" data-name={choice.name} onClick={() => void add(choice.url, choice.title || choice.name)}>
                  {t('serverLayers.addThis')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="server-layers-error">
          {pick(error.message, lang)} {error.hint ? pick(error.hint, lang) : ''}
        </p>
      )}
      {added && (
        <p className="panel-note-inline" role="status" data-testid="server-layers-added">
          {t('serverLayers.added', { name: added })}
        </p>
      )}
    </div>
  );
}
