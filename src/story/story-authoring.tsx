/**
 * "Make a tour" panel: record the current view as a step, write its caption in Chinese
 * and/or English, reorder, play, export the story JSON or open one. The tour is kept in
 * this browser (localStorage) until exported; nothing is sent anywhere.
 */
import { useRef, type ChangeEvent } from 'react';
import type { Bilingual, Lang } from '../data/catalog-types';
import { pick, storyText, type StoryMessageKey } from '../i18n';
import { useAtlas, useAtlasStore, useDispatch } from '../state/atlas-store';
import { exportDraft, openStoryFile, playDraft, recordCurrentView, replaceWithCurrentView } from './story-actions';
import { screenZoom } from './story-camera';
import { moveStep, removeStep, replaceStep } from './story-draft';
import type { Story, StoryStep } from './story-schema';
import { storyStore, useStory } from './story-store';

function BilingualFields({
  label,
  value,
  multiline,
  onChange,
  testId,
  lang,
}: {
  label: string;
  value: Bilingual | undefined;
  multiline?: boolean;
  onChange: (value: Bilingual) => void;
  testId: string;
  lang: Lang;
}) {
  const text = value ?? { zh: '', en: '' };
  const field = (which: Lang) => {
    const common = {
      value: text[which],
      lang: which === 'zh' ? 'zh-CN' : 'en',
      'data-testid': `${testId}-${which}`,
      'aria-label': `${label} (${storyText(lang, which === 'zh' ? 'author.chinese' : 'author.english')})`,
      placeholder: storyText(lang, which === 'zh' ? 'author.chinese' : 'author.english'),
      onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange({ ...text, [which]: event.target.value }),
    };
    return multiline ? <textarea rows={2} {...common} /> : <input type="text" {...common} />;
  };
  return (
    <fieldset className="story-author-bilingual">
      <legend>{label}</legend>
      {field('zh')}
      {field('en')}
    </fieldset>
  );
}

export function StoryAuthoring() {
  const lang = useAtlas((state) => state.language);
  const catalog = useAtlas((state) => state.catalog);
  const atlasStore = useAtlasStore();
  const dispatch = useDispatch();
  const draft = useStory((state) => state.draft);
  const problems = useStory((state) => state.draftProblems);
  const message = useStory((state) => state.draftMessage);
  const map = useStory((state) => state.map);
  const fileInput = useRef<HTMLInputElement>(null);
  const t = (key: StoryMessageKey, values?: Record<string, string | number>) => storyText(lang, key, values);
  const change = (next: Story) => storyStore.dispatch({ type: 'draft-changed', draft: next });
  const changeStep = (index: number, patch: Partial<StoryStep>) => {
    if (draft) change(replaceStep(draft, index, { ...draft.steps[index], ...patch }));
  };

  const layerTitle = (layerId: string) => {
    const layer = catalog?.layers.find((candidate) => candidate.id === layerId);
    return layer ? pick(layer.title, lang) : layerId;
  };

  /** Shows a recorded step on the map without playing: its layers, then its camera. */
  const showStep = (step: StoryStep) => {
    const wanted = new Set(step.layers);
    for (const layer of catalog?.layers ?? []) {
      if (atlasStore.getState().layerUi[layer.id]?.visible !== wanted.has(layer.id)) {
        dispatch({ type: 'layer-visibility-set', layerId: layer.id, visible: wanted.has(layer.id) });
      }
    }
    if (map) {
      const container = map.getContainer();
      map.flyTo({
        center: step.camera.center,
        zoom: screenZoom(step.camera.zoom, container.clientWidth, container.clientHeight),
        bearing: step.camera.bearing,
        pitch: step.camera.pitch,
        duration: 1500,
      });
    }
  };

  const steps = draft?.steps ?? [];
  return (
    <aside className="story-author" data-testid="story-author" aria-label={t('author.title')} lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <header className="story-author-heading">
        <h2>{t('author.title')}</h2>
        <button type="button" className="story-author-close" data-testid="story-author-close" onClick={() => storyStore.dispatch({ type: 'authoring-set', open: false })} title={t('author.close')}>
          ✕<span className="visually-hidden">{t('author.close')}</span>
        </button>
      </header>
      <div className="story-author-body">
        {draft && (
          <>
            <BilingualFields label={t('author.storyTitle')} value={draft.title} testId="story-author-title" lang={lang} onChange={(title) => change({ ...draft, title })} />
            <label className="story-author-id">
              {t('author.storyId')}
              <input
                type="text"
                value={draft.id}
                data-testid="story-author-id"
                spellCheck={false}
                onChange={(event) => change({ ...draft, id: event.target.value.toLowerCase().replace(/[^a-z0-9-]/g, '-') })}
              />
            </label>
          </>
        )}
        <p className="story-author-hint">{t('author.addHint')}</p>
        <button type="button" className="story-author-add" data-testid="story-author-add" onClick={() => recordCurrentView(atlasStore.getState())}>
          + {t('author.add')}
        </button>
        {steps.length === 0 ? (
          <p className="story-author-empty">{t('author.empty')}</p>
        ) : (
          <ol className="story-author-steps">
            {steps.map((step, index) => (
              <li key={index} className="story-author-step" data-testid={`story-author-step-${index + 1}`}>
                <div className="story-author-step-heading">
                  <strong>{t('author.stepHeading', { step: index + 1 })}</strong>
                  <span className="story-author-view">
                    {t('author.view', {
                      // As seen on this screen (the file stores it for 1920×1080).
                      zoom: (map ? screenZoom(step.camera.zoom, map.getContainer().clientWidth, map.getContainer().clientHeight) : step.camera.zoom).toFixed(1),
                      bearing: Math.round(step.camera.bearing),
                      pitch: Math.round(step.camera.pitch),
                      layers: step.layers.length,
                    })}
                  </span>
                </div>
                {step.highlight && step.highlight.length > 0 && (
                  <p className="story-author-highlight">
                    {t('author.highlight', { names: step.highlight.map((entry) => `${layerTitle(entry.layer)}: ${entry.ids.join(', ')}`).join('; ') })}
                  </p>
                )}
                <BilingualFields label={t('author.stepTitle')} value={step.title} testId={`story-author-step-${index + 1}-title`} lang={lang} onChange={(title) => changeStep(index, { title })} />
                <BilingualFields label={t('author.caption')} value={step.caption} multiline testId={`story-author-step-${index + 1}-caption`} lang={lang} onChange={(caption) => changeStep(index, { caption })} />
                <div className="story-author-step-actions">
                  <button type="button" onClick={() => showStep(step)}>{t('author.goto')}</button>
                  <button type="button" onClick={() => replaceWithCurrentView(atlasStore.getState(), index)}>{t('author.replace')}</button>
                  <button type="button" disabled={index === 0} onClick={() => draft && change(moveStep(draft, index, -1))} title={t('author.up')}>
                    ↑<span className="visually-hidden">{t('author.up')}</span>
                  </button>
                  <button type="button" disabled={index === steps.length - 1} onClick={() => draft && change(moveStep(draft, index, 1))} title={t('author.down')}>
                    ↓<span className="visually-hidden">{t('author.down')}</span>
                  </button>
                  <button type="button" onClick={() => draft && change(removeStep(draft, index))}>{t('author.remove')}</button>
                </div>
              </li>
            ))}
          </ol>
        )}
      </div>
      {problems.length > 0 && (
        <div className="story-author-problems" role="alert" data-testid="story-author-problems">
          <p>{t('author.problems')}</p>
          <ul>
            {problems.map((problem, index) => (
              <li key={index}>
                {problem.step !== undefined ? `${t('author.stepHeading', { step: problem.step })} · ` : ''}
                {problem.field ? `${problem.field}: ` : ''}
                {pick(problem.message, lang)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {message && (
        <p className="story-author-message" role="status" data-testid="story-author-message">
          {pick(message, lang)}
        </p>
      )}
      <footer className="story-author-actions">
        <button type="button" data-testid="story-author-play" disabled={steps.length === 0} onClick={() => playDraft(atlasStore.getState())}>
          ▶ {t('author.play')}
        </button>
        <button type="button" data-testid="story-author-export" disabled={steps.length === 0} onClick={() => exportDraft(atlasStore.getState())}>
          {t('author.export')}
        </button>
        <button type="button" data-testid="story-author-open" onClick={() => fileInput.current?.click()}>
          {t('author.open')}
        </button>
        <button
          type="button"
          data-testid="story-author-clear"
          disabled={steps.length === 0}
          onClick={() => {
            if (draft && window.confirm(t('author.clearConfirm'))) change({ ...draft, steps: [] });
          }}
        >
          {t('author.clear')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="story-author-file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void openStoryFile(file, atlasStore.getState());
          }}
        />
      </footer>
    </aside>
  );
}
