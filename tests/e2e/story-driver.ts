import type { Page } from 'playwright-core';

/**
 * What a presenter does with the presentation mode, for the browser tests. Only this file
 * knows the data-testid names of src/story and how to read the camera from `window.__atlas`.
 */
export interface Camera {
  lon: number;
  lat: number;
  zoom: number;
  bearing: number;
  pitch: number;
}

export class StoryDriver {
  constructor(
    readonly page: Page,
    readonly baseURL: string,
  ) {}

  /** Opens a story link (`#story=<id>&step=<n>`) and waits for its caption. */
  async openStory(storyId: string, step = 1, extraHash = ''): Promise<void> {
    await this.page.goto(`${this.baseURL}#story=${storyId}&step=${step}${extraHash ? `&${extraHash}` : ''}`);
    await this.page.getByTestId('story-caption').waitFor({ timeout: 60_000 });
  }

  /** Opens the atlas (no story) and waits until the map is drawn. */
  async openAtlas(hash = ''): Promise<void> {
    await this.page.goto(hash ? `${this.baseURL}#${hash}` : this.baseURL);
    await this.page.waitForFunction(() => (window as unknown as { __atlas?: { ready?: boolean } }).__atlas?.ready === true, null, { timeout: 60_000 });
  }

  async caption(): Promise<string> {
    return (await this.page.getByTestId('story-caption').textContent()) ?? '';
  }

  async stepTitle(): Promise<string> {
    return (await this.page.getByTestId('story-step-title').textContent()) ?? '';
  }

  async figures(): Promise<string> {
    return (await this.page.getByTestId('story-figures').textContent()) ?? '';
  }

  async note(): Promise<string> {
    return (await this.page.getByTestId('story-note').textContent()) ?? '';
  }

  /** The 1-based step on screen, or null when no story plays. */
  async step(): Promise<number | null> {
    const player = this.page.getByTestId('story-player');
    if ((await player.count()) === 0) return null;
    return Number(await player.getAttribute('data-step'));
  }

  /** Waits until step `n` shows and the camera has arrived there. */
  async waitForStep(step: number, timeout = 60_000): Promise<void> {
    await this.page.waitForFunction(
      (wanted) => {
        const player = document.querySelector('[data-testid="story-player"]');
        return player?.getAttribute('data-step') === String(wanted) && player.getAttribute('data-settled') === 'true';
      },
      step,
      { timeout },
    );
  }

  /** Presses a key as a clicker would (on the page, nothing focused). */
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  async camera(): Promise<Camera> {
    return this.page.evaluate(() => {
      type MapLike = { getCenter(): { lng: number; lat: number }; getZoom(): number; getBearing(): number; getPitch(): number };
      const map = (window as unknown as { __atlas: { map: MapLike } }).__atlas.map;
      const center = map.getCenter();
      return { lon: center.lng, lat: center.lat, zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch() };
    });
  }

  async mapSize(): Promise<{ width: number; height: number }> {
    return this.page.evaluate(() => {
      const map = (window as unknown as { __atlas: { map: { getContainer(): HTMLElement } } }).__atlas.map;
      return { width: map.getContainer().clientWidth, height: map.getContainer().clientHeight };
    });
  }

  /** Moves the atlas view through its own hash (`map=`), as a shared link would, and waits for the map. */
  async moveTo(mapValue: string, layers: string[]): Promise<void> {
    await this.page.evaluate(([value, ids]) => {
      window.location.hash = `map=${value}&layers=${ids}`;
    }, [mapValue, layers.join(',')] as const);
    const [zoom, lat, lon] = mapValue.split('/').map(Number);
    await this.page.waitForFunction(
      ([z, y, x]) => {
        const map = (window as unknown as { __atlas: { map: { getCenter(): { lng: number; lat: number }; getZoom(): number } } }).__atlas.map;
        const center = map.getCenter();
        return Math.abs(map.getZoom() - z) < 1e-6 && Math.abs(center.lat - y) < 1e-6 && Math.abs(center.lng - x) < 1e-6;
      },
      [zoom, lat, lon] as const,
      { timeout: 30_000 },
    );
  }

  isPlaying() {
    return this.page.getByTestId('story-player').count().then((count) => count > 0);
  }

  async headerVisible(): Promise<boolean> {
    return this.page.getByTestId('app-title').isVisible();
  }

  async layerPanelVisible(): Promise<boolean> {
    const panel = this.page.getByTestId('layer-panel');
    return (await panel.count()) > 0 && (await panel.isVisible());
  }

  async hash(): Promise<string> {
    return this.page.evaluate(() => window.location.hash);
  }

  async switchLanguage(): Promise<void> {
    await this.page.getByTestId('story-language').click();
  }

  async toggleAutoplay(): Promise<void> {
    await this.page.getByTestId('story-autoplay').click();
  }

  async leave(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  async openMenu(): Promise<void> {
    await this.page.getByTestId('story-menu-button').click();
    await this.page.getByTestId('story-menu').waitFor();
  }

  async startFromMenu(storyId: string): Promise<void> {
    await this.openMenu();
    await this.page.getByTestId(`story-start-${storyId}`).click();
    await this.page.getByTestId('story-caption').waitFor();
  }

  async openAuthoring(): Promise<void> {
    await this.openMenu();
    await this.page.getByTestId('story-author-open-panel').click();
    await this.page.getByTestId('story-author').waitFor();
  }

  /** "Add current view as a step". */
  async recordView(): Promise<void> {
    const before = await this.page.locator('[data-testid^="story-author-step-"][data-testid$="-caption-zh"]').count();
    await this.page.getByTestId('story-author-add').click();
    await this.page.getByTestId(`story-author-step-${before + 1}-caption-zh`).waitFor();
  }

  async writeCaption(step: number, caption: { zh: string; en: string }): Promise<void> {
    await this.page.getByTestId(`story-author-step-${step}-caption-zh`).fill(caption.zh);
    await this.page.getByTestId(`story-author-step-${step}-caption-en`).fill(caption.en);
  }

  async setTourTitle(title: { zh: string; en: string }): Promise<void> {
    await this.page.getByTestId('story-author-title-zh').fill(title.zh);
    await this.page.getByTestId('story-author-title-en').fill(title.en);
  }

  /** "Export story JSON": the downloaded file's name and text. */
  async exportStory(): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId('story-author-export').click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  }

  async authoringProblems(): Promise<string> {
    return (await this.page.getByTestId('story-author-problems').textContent()) ?? '';
  }

  /** "Open a tour file" from the authoring panel (which must be open). */
  async openStoryFile(name: string, text: string): Promise<void> {
    await this.page.getByTestId('story-author-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text, 'utf8') });
  }
}
