/**
 * The header's "Present" button: the shipped tours (a click starts one in full screen),
 * autoplay for an unattended stand, "make a tour" and "open a tour file".
 */
import { useEffect, useRef, useState } from 'react';
import { pick, storyText, type StoryMessageKey } from '../i18n';
import { useAtlas, useAtlasStore } from '../state/atlas-store';
import { ensureDraft, loadShippedStories, openStoryFile, startStory } from './story-actions';
import { storyStore, useStory } from './story-store';
import './story.css';

export function StoryMenu() {
  const lang = useAtlas((state) => state.language);
  const atlasStore = useAtlasStore();
  const shipped = useStory((state) => state.shipped);
  const loadError = useStory((state) => state.loadError);
  const [open, setOpen] = useState(false);
  const [autoplay, setAutoplay] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const t = (key: StoryMessageKey, values?: Record<string, string | number>) => storyText(lang, key, values);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open]);

  return (
    <div className="story-menu" ref={root}>
      <button
        type="button"
        className="story-menu-button"
        data-testid="story-menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => {
          if (!open) void loadShippedStories();
          setOpen(!open);
        }}
      >
        <span aria-hidden="true">▶ </span>
        {t('menu.button')}
      </button>
      {open && (
        <div className="story-menu-popover" role="menu" aria-label={t('menu.title')} data-testid="story-menu">
          <p className="story-menu-title">{t('menu.title')}</p>
          {shipped === null && <p className="story-menu-note">{t('menu.loading')}</p>}
          {loadError && <p className="story-menu-note story-menu-error">{pick(loadError, lang)}</p>}
          {shipped?.length === 0 && !loadError && <p className="story-menu-note">{t('menu.none')}</p>}
          {shipped?.map((story) => (
            <button
              key={story.id}
              type="button"
              role="menuitem"
              className="story-menu-item"
              data-testid={`story-start-${story.id}`}
              onClick={() => {
                setOpen(false);
                startStory(story, { autoplay, fullscreen: true });
              }}
            >
              <span className="story-menu-item-title">{pick(story.title, lang)}</span>
              {story.summary && <span className="story-menu-item-summary">{pick(story.summary, lang)}</span>}
              <span className="story-menu-item-steps">{t('menu.steps', { count: story.steps.length })}</span>
            </button>
          ))}
          <label className="story-menu-autoplay">
            <input type="checkbox" checked={autoplay} data-testid="story-menu-autoplay" onChange={(event) => setAutoplay(event.target.checked)} />
            {t('menu.autoplay')}
          </label>
          <hr />
          <button
            type="button"
            role="menuitem"
            className="story-menu-action"
            data-testid="story-author-open-panel"
            onClick={() => {
              setOpen(false);
              ensureDraft();
              storyStore.dispatch({ type: 'authoring-set', open: true });
            }}
          >
            {t('menu.author')}
          </button>
          <button type="button" role="menuitem" className="story-menu-action" data-testid="story-open-file" onClick={() => fileInput.current?.click()}>
            {t('menu.open')}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            hidden
            data-testid="story-file-input"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              setOpen(false);
              if (file) void openStoryFile(file, atlasStore.getState());
            }}
          />
        </div>
      )}
    </div>
  );
}
