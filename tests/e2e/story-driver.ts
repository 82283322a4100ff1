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

/** A box on the map, CSS px from its top-left corner. */
export interface MapBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * What a presenter sees of a step's highlights: which names are written, and what lies where
 * it should not. Every list empty is a step shown as it should be.
 */
export interface HighlightView {
  /** Highlighted features with no label placed. */
  unnamed: string[];
  /** Labels under the caption card, cut by a map edge, or under the presenter controls. */
  labelsUnderCard: string[];
  labelsAtEdges: string[];
  labelsUnderControls: string[];
  /** Labels written over another highlighted point (where they would read as that point's name). */
  labelsOverOtherPoints: string[];
  /**
   * Highlighted features (whole, when they fit on the screen at all) off the map, or reaching
   * under the caption card or within a label's height (22 px) of it, where their name has no room.
   */
  featuresUnderCard: string[];
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

  /**
   * The step's highlights as they are on screen: names asked of MapLibre (queryRenderedFeatures
   * on the story's label layer: a placed label answers where its box is), features projected.
   * `ids` are the highlighted features to check (all of the step's when omitted).
   */
  async highlightView(ids?: string[]): Promise<HighlightView> {
    return this.page.evaluate(async (wanted) => {
      type Box = [[number, number], [number, number]];
      type Feature = { properties: { id: string; kind: string }; geometry: { type: string; coordinates: unknown } };
      type MapLike = {
        getContainer(): HTMLElement;
        getSource(id: string): { getData(): Promise<{ features: Feature[] }> } | undefined;
        queryRenderedFeatures(box: Box | undefined, options: { layers: string[] }): Feature[];
        project(position: [number, number]): { x: number; y: number };
      };
      const map = (window as unknown as { __atlas: { map: MapLike } }).__atlas.map;
      const container = map.getContainer();
      const mapBox = container.getBoundingClientRect();
      const relative = (element: Element | null) => {
        const rect = element?.getBoundingClientRect();
        return rect ? { left: rect.left - mapBox.left, top: rect.top - mapBox.top, right: rect.right - mapBox.left, bottom: rect.bottom - mapBox.top } : undefined;
      };
      const card = relative(document.querySelector('[data-testid="story-card"]'))!;
      const controls = relative(document.querySelector('[data-testid="story-player"] [role="toolbar"]'));
      const width = container.clientWidth;
      const height = container.clientHeight;
      const labelsIn = (box: { left: number; top: number; right: number; bottom: number }) =>
        map.queryRenderedFeatures([[box.left, box.top], [box.right, box.bottom]], { layers: ['story-highlight-label'] }).map((feature) => feature.properties.id);
      const highlights = (await map.getSource('story-highlight')?.getData())?.features ?? [];
      const checked = wanted ?? highlights.map((feature) => feature.properties.id);
      const named = new Set(map.queryRenderedFeatures(undefined, { layers: ['story-highlight-label'] }).map((feature) => feature.properties.id));
      const unique = (list: string[]) => [...new Set(list)].filter((id) => checked.includes(id)).sort();
      const positions = (coordinates: unknown): Array<[number, number]> =>
        typeof (coordinates as number[])[0] === 'number' ? [coordinates as [number, number]] : (coordinates as unknown[]).flatMap((inner) => positions(inner));
      const featuresUnderCard: string[] = [];
      const overPoints: string[] = [];
      for (const feature of highlights) {
        const points = positions(feature.geometry.coordinates).map((position) => map.project(position));
        const box = { left: Math.min(...points.map((p) => p.x)), right: Math.max(...points.map((p) => p.x)), top: Math.min(...points.map((p) => p.y)), bottom: Math.max(...points.map((p) => p.y)) };
        // A feature larger than the screen (a railway running on past it) is seen in part, by design.
        const fitsScreen = box.right - box.left <= width && box.bottom - box.top <= height;
        if (fitsScreen && (box.left < 0 || box.top < 0 || box.right > width || box.bottom > card.top - 22)) featuresUnderCard.push(feature.properties.id);
        if (feature.properties.kind === 'point') {
          const [point] = points;
          overPoints.push(...labelsIn({ left: point.x - 3, top: point.y - 3, right: point.x + 3, bottom: point.y + 3 }).filter((id) => id !== feature.properties.id));
        }
      }
      return {
        unnamed: checked.filter((id) => !named.has(id)).sort(),
        labelsUnderCard: unique(labelsIn(card)),
        labelsAtEdges: unique([
          ...labelsIn({ left: 0, top: 0, right: width, bottom: 1 }),
          ...labelsIn({ left: 0, top: 0, right: 1, bottom: height }),
          ...labelsIn({ left: width - 1, top: 0, right: width, bottom: height }),
        ]),
        labelsUnderControls: controls ? unique(labelsIn(controls)) : [],
        labelsOverOtherPoints: unique(overPoints),
        featuresUnderCard: unique(featuresUnderCard),
      };
    }, ids ?? null);
  }

  /** Where a lon/lat shows on the map, CSS px from its top-left corner. */
  async screenPosition(position: [number, number]): Promise<[number, number]> {
    return this.page.evaluate((lngLat) => {
      const map = (window as unknown as { __atlas: { map: { project(p: [number, number]): { x: number; y: number } } } }).__atlas.map;
      const point = map.project(lngLat);
      return [point.x, point.y] as [number, number];
    }, position);
  }

  /** The caption card's top edge, CSS px from the map's top. */
  async cardTop(): Promise<number> {
    return this.page.evaluate(() => {
      const map = (window as unknown as { __atlas: { map: { getContainer(): HTMLElement } } }).__atlas.map;
      const card = document.querySelector('[data-testid="story-card"]')!.getBoundingClientRect();
      return card.top - map.getContainer().getBoundingClientRect().top;
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
