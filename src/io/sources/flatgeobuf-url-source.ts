/**
 * An indexed FlatGeobuf file by URL — any static server or object storage answering HTTP
 * range requests. flatgeobuf reads the header and the packed R-tree, then only the features
 * whose boxes meet the bbox, so a review reads kilobytes of a layer of any size.
 */
import type { Feature } from 'geojson';
// The GeoJSON reader alone: the package's index also pulls in its OpenLayers adapter.
import * as geojson from 'flatgeobuf/lib/mjs/geojson.js';
import {
  DEFAULT_FEATURE_LIMIT,
  onceMoreIfClosed,
  SourceUnavailableError,
  type FeaturesOptions,
  type FeaturesPage,
  type LayerSource,
  type LonLatBox,
} from './layer-source';

export function flatgeobufUrlSource(url: string): LayerSource {
  return {
    kind: 'flatgeobuf-url',
    label: url,
    async features(bbox: LonLatBox, options: FeaturesOptions = {}): Promise<FeaturesPage> {
      const limit = options.limit ?? DEFAULT_FEATURE_LIMIT;
      let features: Feature[] = [];
      let truncated = false;
      const read = async () => {
        features = [];
        const rect = { minX: bbox[0], minY: bbox[1], maxX: bbox[2], maxY: bbox[3] };
        for await (const feature of geojson.deserialize(url, { rect })) {
          if (options.signal?.aborted) throw options.signal.reason;
          if (features.length >= limit) {
            truncated = true;
            break;
          }
          features.push(feature as unknown as Feature);
          if (features.length % 1000 === 0) options.onProgress?.(features.length);
        }
      };
      try {
        await onceMoreIfClosed(read, options.signal); // from the start again
      } catch (error) {
        if (options.signal?.aborted) throw error;
        throw unreadable(url, error);
      }
      options.onProgress?.(features.length);
      return { features, truncated, bytes: 0 };
    },
    async count(): Promise<number | null> {
      // The header alone: an empty rectangle reads the header and the index root, no feature.
      let total: number | null = null;
      const empty = { minX: 0, minY: 0, maxX: 0, maxY: 0 };
      const read = async () => {
        for await (const feature of geojson.deserialize(url, { rect: empty, headerMetaFn: (header) => void (total = Number(header.featuresCount)) })) void feature;
      };
      try {
        await onceMoreIfClosed(read);
      } catch (error) {
        throw unreadable(url, error);
      }
      return total;
    },
  };
}

function unreadable(url: string, error: unknown): SourceUnavailableError {
  const detail = (error instanceof Error ? error.message : String(error)).slice(0, 120);
  return new SourceUnavailableError(url, {
    zh: `无法按范围读取 FlatGeobuf 图层 ${url}（${detail}）。请确认服务器支持 HTTP Range 请求且文件带空间索引。`,
    en: `Could not read the FlatGeobuf layer ${url} by area (${detail}). Check that the server answers HTTP range requests and the file has a spatial index.`,
  });
}
