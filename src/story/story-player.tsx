/**
 * The presentation outside the map: reads the shipped stories, follows `#story=&step=`,
 * sets each step's layers through the atlas store's own action, answers the clicker
 * (→ ← Space PageDown PageUp Home End Esc), runs autoplay, and shows the kiosk view — a
 * large caption card with key figures and a few presenter controls. When no story plays
 * it shows the authoring panel if that is open.
 */
import { useEffect, useRef } from 'react';
import type { Lang } from '../data/catalog-types';
import { pick, storyText } from '../i18n';
import { useAtlas, useAtlasStore } from '../state/atlas-store';
import { isFullscreenOurs, loadShippedStories, startStory, stopStory, toggleFullscreen } from './story-actions';
import { StoryAuthoring } from './story-authoring';
import { readStoryHash, writeStoryHash } from './story-hash';
import { figureValueText, type Story } from './story-schema';
import { storyStore, useStory, type PageBox } from './story-store';
import './story.css';

/** Autoplay hold when a step does not set one, ms. */
const DEFAULT_HOLD_MS = 10_000;

function findStory(storyId: string): { story: Story; origin: 'shipped' | 'draft' } | undefined {
  const state = storyStore.getState();
  const shipped = state.shipped?.find((story) => story.id === storyId);
  if (shipped) return { story: shipped, origin: 'shipped' };
  if (state.draft?.id === storyId && state.draft.steps.length > 0) return { story: state.draft, origin: 'draft' };
  return undefined;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest('input, textarea, select, [contenteditable="true"]') !== null;
}

/** `#story=<id>&step=<n>[&autoplay=1]` ↔ the story playing. */
function useStoryHash(): void {
  const atlasStore = useAtlasStore();
  // True until the link the page was opened with has been read (the stories load first).
  const reading = useRef(true);

  useEffect(() => {
    let disposed = false;
    const applyWanted = (wanted: ReturnType<typeof readStoryHash>) => {
      const state = storyStore.getState();
      const playing = state.playing;
      if (!wanted.storyId) {
        if (playing) stopStory();
        return;
      }
      if (playing && playing.story.id === wanted.storyId) {
        if (wanted.stepIndex !== undefined) storyStore.dispatch({ type: 'step-chosen', stepIndex: wanted.stepIndex });
        storyStore.dispatch({ type: 'autoplay-set', autoplay: wanted.autoplay });
        return;
      }
      const found = findStory(wanted.storyId);
      if (!found) {
        atlasStore.dispatch({
          type: 'error-raised',
          error: {
            id: 'story',
            message: { zh: storyText('zh', 'player.notFound', { id: wanted.storyId }), en: storyText('en', 'player.notFound', { id: wanted.storyId }) },
          },
        });
        return;
      }
      startStory(found.story, { stepIndex: wanted.stepIndex ?? 0, origin: found.origin, autoplay: wanted.autoplay });
    };
    const apply = () => {
      const wanted = readStoryHash(window.location.hash);
      if (!wanted.storyId) {
        reading.current = false;
        applyWanted(wanted);
        return;
      }
      void loadShippedStories().then(() => {
        reading.current = false;
        if (!disposed) applyWanted(wanted);
      });
    };
    apply();
    window.addEventListener('hashchange', apply);
    return () => {
      disposed = true;
      window.removeEventListener('hashchange', apply);
    };
  }, [atlasStore]);

  const storyId = useStory((state) => state.playing?.story.id ?? null);
  const stepIndex = useStory((state) => state.playing?.stepIndex ?? 0);
  const autoplay = useStory((state) => state.autoplay);
  useEffect(() => {
    if (reading.current) return; // keep the link as opened until it has been read
    const hash = writeStoryHash(window.location.hash, storyId ? { storyId, stepIndex, autoplay } : null);
    if (hash !== window.location.hash) {
      window.history.replaceState(window.history.state, '', hash === '' ? window.location.pathname + window.location.search : hash);
    }
  }, [storyId, stepIndex, autoplay]);
}

/** Each step's layers, through the atlas store's `layer-visibility-set` action. */
function useStepLayers(): void {
  const atlasStore = useAtlasStore();
  const catalog = useAtlas((state) => state.catalog);
  const playing = useStory((state) => state.playing);
  const layers = playing ? playing.story.steps[playing.stepIndex].layers : null;
  const isPlaying = playing !== null;
  // The layers shown before the show come back when it ends (this effect runs before the
  // first step's layers are set: it is declared first).
  useEffect(() => {
    if (!isPlaying || !catalog) return;
    const before = new Map(catalog.layers.map((layer) => [layer.id, atlasStore.getState().layerUi[layer.id]?.visible === true]));
    return () => {
      for (const [layerId, visible] of before) {
        if (atlasStore.getState().layerUi[layerId]?.visible !== visible) atlasStore.dispatch({ type: 'layer-visibility-set', layerId, visible });
      }
    };
  }, [isPlaying, catalog, atlasStore]);
  useEffect(() => {
    if (!catalog || !layers) return;
    const wanted = new Set(layers);
    for (const layer of catalog.layers) {
      const visible = wanted.has(layer.id);
      if (atlasStore.getState().layerUi[layer.id]?.visible !== visible) {
        atlasStore.dispatch({ type: 'layer-visibility-set', layerId: layer.id, visible });
      }
    }
    // A selection from before the show would keep its outline on the map.
    atlasStore.dispatch({ type: 'feature-selected', feature: null });
  }, [catalog, layers, atlasStore]);
}

/** The keys presentation clickers and PowerPoint use to blank the screen. */
const BLANK_KEYS: Record<string, 'black' | 'white' | undefined> = { b: 'black', B: 'black', '.': 'black', w: 'white', W: 'white', ',': 'white' };

function useKeyboard(): void {
  const atlasStore = useAtlasStore();
  const playing = useStory((state) => state.playing !== null);
  useEffect(() => {
    if (!playing) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
      const state = storyStore.getState();
      if (!state.playing) return;
      const last = state.playing.story.steps.length - 1;
      const onButton = event.target instanceof HTMLElement && event.target.closest('button') !== null;
      // A blanked screen comes back with the next key, which does nothing else (no slide skipped
      // unseen); a clicker's blank key (B or .) toggles black, W or , white.
      const blank = BLANK_KEYS[event.key];
      if (state.blank !== null || blank) {
        // A held key repeats: it must not flicker the screen between blank and shown.
        if (event.key === 'Shift' || event.repeat) return;
        storyStore.dispatch({ type: 'blank-set', blank: state.blank === null ? (blank ?? null) : null });
        event.preventDefault();
        event.stopPropagation();
        return;
      }
      switch (event.key) {
        case 'ArrowRight':
        case 'ArrowDown':
        case 'PageDown':
          storyStore.dispatch({ type: 'step-moved', offset: 1, loop: false });
          break;
        case ' ':
        case 'Spacebar':
          // Space on a focused button presses that button, as everywhere else.
          if (onButton) return;
          storyStore.dispatch({ type: 'step-moved', offset: event.shiftKey ? -1 : 1, loop: false });
          break;
        case 'ArrowLeft':
        case 'ArrowUp':
        case 'PageUp':
          storyStore.dispatch({ type: 'step-moved', offset: -1, loop: false });
          break;
        case 'Home':
          storyStore.dispatch({ type: 'step-chosen', stepIndex: 0 });
          break;
        case 'End':
          storyStore.dispatch({ type: 'step-chosen', stepIndex: last });
          break;
        case 'Escape':
          stopStory();
          break;
        case 'a':
        case 'A':
          storyStore.dispatch({ type: 'autoplay-set', autoplay: !state.autoplay });
          break;
        case 'l':
        case 'L': {
          const language: Lang = atlasStore.getState().language === 'zh' ? 'en' : 'zh';
          atlasStore.dispatch({ type: 'language-set', language });
          break;
        }
        case 'f':
        case 'F':
          toggleFullscreen();
          break;
        default:
          return;
      }
      event.preventDefault();
      event.stopPropagation();
    };
    // A button clicked with the mouse (the language, a control) lets go of the focus, so the
    // presenter's Space moves the story on instead of pressing that button again. A button
    // pressed from the keyboard (detail 0) keeps the focus.
    const onClick = (event: MouseEvent) => {
      if (event.detail === 0) return;
      const button = event.target instanceof Element ? event.target.closest('button') : null;
      if (button instanceof HTMLElement && button === document.activeElement) button.blur();
    };
    // Capture: the presenter's keys win over panel shortcuts underneath.
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('click', onClick);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('click', onClick);
    };
  }, [playing, atlasStore]);

  // Leaving full screen with the browser's own Esc ends the show too (the key never reaches the page).
  useEffect(() => {
    if (!playing) return;
    let wasOurs = isFullscreenOurs();
    const onChange = () => {
      if (wasOurs && !document.fullscreenElement) stopStory();
      wasOurs = isFullscreenOurs();
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [playing]);
}

function useAutoplay(): void {
  const autoplay = useStory((state) => state.autoplay);
  const flight = useStory((state) => state.flight);
  const settled = useStory((state) => state.cameraSettled);
  // A blanked screen holds the show where it is.
  const blanked = useStory((state) => state.blank !== null);
  useEffect(() => {
    const step = (() => {
      const playing = storyStore.getState().playing;
      return playing ? playing.story.steps[playing.stepIndex] : null;
    })();
    if (!autoplay || !step || blanked) return;
    const hold = step.hold ?? DEFAULT_HOLD_MS;
    // Hold counts from the camera's arrival; if arrival is never reported, from the flight's planned end.
    const delay = settled ? hold : step.camera.duration + hold + 2000;
    const timer = setTimeout(() => storyStore.dispatch({ type: 'step-moved', offset: 1, loop: true }), delay);
    return () => clearTimeout(timer);
  }, [autoplay, flight, settled, blanked]);
}

/** Marks the page while the kiosk view is on (story.css hides the header and map buttons). */
function useKioskMarker(): void {
  const playing = useStory((state) => state.playing !== null);
  useEffect(() => {
    if (!playing) return;
    document.documentElement.setAttribute('data-story-kiosk', '');
    return () => document.documentElement.removeAttribute('data-story-kiosk');
  }, [playing]);
}

export function StoryPlayer() {
  useStoryHash();
  useStepLayers();
  useKeyboard();
  useAutoplay();
  useKioskMarker();
  const playing = useStory((state) => state.playing);
  const authoringOpen = useStory((state) => state.authoringOpen);
  if (playing) return <StoryKiosk />;
  return authoringOpen ? <StoryAuthoring /> : null;
}

function StoryKiosk() {
  const atlasStore = useAtlasStore();
  const lang = useAtlas((state) => state.language);
  const catalog = useAtlas((state) => state.catalog);
  const playing = useStory((state) => state.playing)!;
  const autoplay = useStory((state) => state.autoplay);
  const settled = useStory((state) => state.cameraSettled);
  const flight = useStory((state) => state.flight);
  const blank = useStory((state) => state.blank);
  const cardRef = useRef<HTMLElement>(null);
  const controlsRef = useRef<HTMLDivElement>(null);
  const { story, stepIndex } = playing;
  const step = story.steps[stepIndex];
  const count = story.steps.length;
  const t = (key: Parameters<typeof storyText>[1], values?: Record<string, string | number>) => storyText(lang, key, values);

  useEffect(() => {
    const card = cardRef.current;
    const controls = controlsRef.current;
    if (!card) return;
    // Laid-out boxes, not getBoundingClientRect's: the card slides in (a transform) as the show
    // starts, and the camera must frame for where it comes to rest.
    const box = (element: HTMLElement): PageBox => {
      const parent = element.offsetParent?.getBoundingClientRect() ?? { top: 0, left: 0 };
      return { top: parent.top + element.offsetTop, left: parent.left + element.offsetLeft, width: element.offsetWidth, height: element.offsetHeight };
    };
    const measure = () => storyStore.dispatch({ type: 'kiosk-measured', card: box(card), controls: controls ? box(controls) : null });
    measure();
    // Their sizes follow the caption and the language; their places, the window.
    const observer = new ResizeObserver(measure);
    observer.observe(card);
    if (controls) observer.observe(controls);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, []);

  // Honest footnote: shown when a visible planning layer is schematic (catalog provenance).
  const schematic = (catalog?.layers ?? []).some(
    (layer) => step.layers.includes(layer.id) && layer.group !== 'basemap' && layer.provenance.accuracy === 'schematic',
  );
  const heading = step.title ? pick(step.title, lang) : '';
  const otherLang = lang === 'zh' ? 'en' : 'zh';
  const htmlLang = lang === 'zh' ? 'zh-CN' : 'en';

  return (
    <section
      className="story-kiosk"
      data-testid="story-player"
      data-story={story.id}
      data-step={stepIndex + 1}
      data-settled={settled ? 'true' : 'false'}
      aria-label={t('player.region')}
      lang={htmlLang}
    >
      <div className="story-controls" ref={controlsRef} role="toolbar" aria-label={t('player.keys')} title={t('player.keys')}>
        <span className="story-counter" data-testid="story-step-counter" aria-live="polite">
          {t('player.step', { step: stepIndex + 1, count })}
        </span>
        <button type="button" className="story-control" data-testid="story-previous" disabled={stepIndex === 0} onClick={() => storyStore.dispatch({ type: 'step-moved', offset: -1, loop: false })} title={t('player.previous')}>
          <span aria-hidden="true">‹</span>
          <span className="visually-hidden">{t('player.previous')}</span>
        </button>
        <button type="button" className="story-control" data-testid="story-next" disabled={stepIndex === count - 1} onClick={() => storyStore.dispatch({ type: 'step-moved', offset: 1, loop: false })} title={t('player.next')}>
          <span aria-hidden="true">›</span>
          <span className="visually-hidden">{t('player.next')}</span>
        </button>
        <button type="button" className="story-control story-control-wide" data-testid="story-autoplay" aria-pressed={autoplay} onClick={() => storyStore.dispatch({ type: 'autoplay-set', autoplay: !autoplay })}>
          {autoplay ? `❚❚ ${t('player.autoplayOff')}` : `▶ ${t('player.autoplayOn')}`}
        </button>
        <button type="button" className="story-control story-control-wide" data-testid="story-language" lang={otherLang === 'zh' ? 'zh-CN' : 'en'} title={t('player.languageTitle')} onClick={() => atlasStore.dispatch({ type: 'language-set', language: otherLang })}>
          {t('player.language')}
        </button>
        <button type="button" className="story-control" data-testid="story-fullscreen" onClick={toggleFullscreen} title={t('player.fullscreen')}>
          <svg aria-hidden="true" viewBox="0 0 16 16" width="1em" height="1em" fill="none" stroke="currentColor" strokeWidth="1.8">
            <path d="M1.5 5.5v-4h4M10.5 1.5h4v4M14.5 10.5v4h-4M5.5 14.5h-4v-4" />
          </svg>
          <span className="visually-hidden">{t('player.fullscreen')}</span>
        </button>
        <button type="button" className="story-control" data-testid="story-exit" onClick={stopStory} title={t('player.exit')}>
          <span aria-hidden="true">✕</span>
          <span className="visually-hidden">{t('player.exit')}</span>
        </button>
      </div>

      <article className="story-card" ref={cardRef} data-testid="story-card">
        {autoplay && settled && (
          <div className="story-progress" key={flight} style={{ animationDuration: `${step.hold ?? DEFAULT_HOLD_MS}ms` }} aria-hidden="true" />
        )}
        <div className="story-text">
          <p className="story-kicker">
            <span className="story-name">{pick(story.title, lang)}</span>
            <span className="story-kicker-count" aria-hidden="true">
              {stepIndex + 1} / {count}
            </span>
          </p>
          {heading !== '' && (
            <h2 className="story-heading" data-testid="story-step-title">
              {heading}
            </h2>
          )}
          <p className="story-caption" data-testid="story-caption">
            {pick(step.caption, lang)}
          </p>
          {(step.note || schematic) && (
            <p className="story-note" data-testid="story-note">
              {/* The step's own note says what is schematic; without one, the general warning. */}
              {step.note ? pick(step.note, lang) : t('player.schematic')}
            </p>
          )}
        </div>
        {step.figures && step.figures.length > 0 && (
          <dl className={`story-figures story-figures-${step.figures.length}`} data-testid="story-figures">
            {step.figures.map((figure, index) => (
              <div className="story-figure" key={index}>
                <dt>{pick(figure.label, lang)}</dt>
                <dd>
                  <span className="story-figure-value">{figureValueText(figure, lang)}</span>
                  {/* Not `pick`: an empty unit (a plain count) must not fall back to the other language's. */}
                  {figure.unit[lang] !== '' && <span className="story-figure-unit">{figure.unit[lang]}</span>}
                </dd>
              </div>
            ))}
          </dl>
        )}
        <ol className="story-dots" aria-hidden="true">
          {story.steps.map((_, index) => (
            <li key={index} className={index === stepIndex ? 'is-current' : index < stepIndex ? 'is-done' : undefined}>
              <button type="button" tabIndex={-1} onClick={() => storyStore.dispatch({ type: 'step-chosen', stepIndex: index })} />
            </li>
          ))}
        </ol>
      </article>
      {blank && (
        <div
          className={`story-blank is-${blank}`}
          data-testid="story-blank"
          data-blank={blank}
          title={t('player.unblank')}
          onClick={() => storyStore.dispatch({ type: 'blank-set', blank: null })}
        />
      )}
    </section>
  );
}
