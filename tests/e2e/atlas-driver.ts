import type { Page } from 'playwright-core';

/**
 * What a test can do with the atlas, in the words of a person using it. Specs call these;
 * only this file knows about `window.__atlas` and data-testid names.
 */
export class AtlasDriver {
  constructor(
    readonly page: Page,
    readonly baseURL: string,
  ) {}

  /** Opens the app with an optional hash ("map=12/36.8/121.6&layers=…") and waits until the map is drawn. */
  async open(hash = ''): Promise<void> {
    await this.page.goto(hash ? `${this.baseURL}#${hash}` : this.baseURL);
    await this.waitUntilReady();
  }

  async waitUntilReady(): Promise<void> {
    await this.page.waitForFunction(() => (window as unknown as { __atlas?: { ready?: boolean } }).__atlas?.ready === true, null, {
      timeout: 60_000,
    });
  }

  /** Waits for the map to finish rendering after a change. */
  async waitForIdle(): Promise<void> {
    await this.page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const map = (window as unknown as { __atlas: { map: { loaded(): boolean; once(e: string, f: () => void): void; triggerRepaint(): void; areTilesLoaded(): boolean } } }).__atlas.map;
          map.once('idle', () => resolve());
          map.triggerRepaint();
        }),
    );
  }

  /** How many features of an atlas layer are drawn on screen now (any of its MapLibre layers). */
  async renderedFeatureCount(layerId: string): Promise<number> {
    return this.page.evaluate((id) => {
      type MapLike = {
        getStyle(): { layers: { id: string }[] };
        queryRenderedFeatures(options: { layers: string[] }): unknown[];
      };
      const map = (window as unknown as { __atlas: { map: MapLike } }).__atlas.map;
      const styleLayers = map
        .getStyle()
        .layers.map((layer) => layer.id)
        .filter((styleId) => styleId.startsWith(`${id}-`) && !styleId.endsWith('-label'));
      if (styleLayers.length === 0) return 0;
      return map.queryRenderedFeatures({ layers: styleLayers }).length;
    }, layerId);
  }

  /** The label text (label_zh, note_zh, label_en, note_en) of the features MapLibre drew in a layer's label layer. */
  async renderedLabels(layerId: string): Promise<Array<Record<string, string>>> {
    return this.page.evaluate((id) => {
      type MapLike = { queryRenderedFeatures(options: { layers: string[] }): Array<{ properties: Record<string, string> }> };
      const map = (window as unknown as { __atlas: { map: MapLike } }).__atlas.map;
      return map.queryRenderedFeatures({ layers: [`${id}-label`] }).map(({ properties }) => ({
        label_zh: properties.label_zh,
        note_zh: properties.note_zh,
        label_en: properties.label_en,
        note_en: properties.note_en,
      }));
    }, layerId);
  }

  /** Screen position of a lon/lat inside the page. */
  async pixelOf(lngLat: [number, number]): Promise<{ x: number; y: number }> {
    return this.page.evaluate((point) => {
      type MapLike = { project(p: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement };
      const map = (window as unknown as { __atlas: { map: MapLike } }).__atlas.map;
      const projected = map.project(point);
      const rect = map.getCanvas().getBoundingClientRect();
      return { x: rect.left + projected.x, y: rect.top + projected.y };
    }, lngLat);
  }

  async clickMapAt(lngLat: [number, number]): Promise<void> {
    const { x, y } = await this.pixelOf(lngLat);
    await this.page.mouse.click(x, y);
  }

  async moveMouseTo(lngLat: [number, number]): Promise<void> {
    const { x, y } = await this.pixelOf(lngLat);
    await this.page.mouse.move(x, y);
  }

  async mapCenterAndZoom(): Promise<{ lon: number; lat: number; zoom: number }> {
    return this.page.evaluate(() => {
      type MapLike = { getCenter(): { lng: number; lat: number }; getZoom(): number };
      const map = (window as unknown as { __atlas: { map: MapLike } }).__atlas.map;
      const center = map.getCenter();
      return { lon: center.lng, lat: center.lat, zoom: map.getZoom() };
    });
  }

  inspector() {
    return this.page.getByTestId('inspector');
  }

  async inspectorTitle(): Promise<string> {
    return (await this.page.getByTestId('inspector-title').textContent()) ?? '';
  }

  async switchLanguage(): Promise<void> {
    await this.page.getByTestId('lang-switch').click();
  }

  async htmlLang(): Promise<string | null> {
    return this.page.evaluate(() => document.documentElement.getAttribute('lang'));
  }

  async setLayerVisible(layerId: string, visible: boolean): Promise<void> {
    const toggle = this.page.getByTestId(`layer-toggle-${layerId}`);
    if ((await toggle.isChecked()) !== visible) await toggle.click();
  }

  async hash(): Promise<string> {
    return this.page.evaluate(() => window.location.hash);
  }
}
