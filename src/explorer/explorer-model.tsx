/**
 * Everything the explorer's tabs read, loaded and computed once per parcel source and shared
 * through a context: the catalog layers, the park entries with pinyin initials, the sample
 * parcels' label, the dashboard (land-use intensity of every zone and park, which also gives
 * each park's available land), the distances to transport, and the key-project records.
 * The dashboard is computed in the analysis worker (CONVENTIONS.md: heavy work off the page's
 * thread); lighter steps run after a paint (setTimeout). The panel shows "computing…" meanwhile.
 */
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { FeatureCollection } from 'geojson';
import type { Bilingual, CatalogLayer } from '../data/catalog-types';
import { useAtlas, useAtlasStore } from '../state/atlas-store';
import type { ParcelFieldMapping } from '../analysis/parcel-fields';
import { loadExplorerLayers, loadSampleInfo, loadSampleParcels, type SampleParcelsInfo } from './explorer-data';
import { useExplorer } from './explorer-store';
import type { DashboardResult } from './intensity-model';
import { createAnalysisClient, type AnalysisClient } from '../worker/analysis-client';
import { isDropped } from '../worker/protocol';
import {
  availableLandByPark,
  buildParkEntries,
  createDistanceContext,
  DISTANCE_SOURCE_LAYERS,
  parkDistances,
  parkKey,
  type AvailableLand,
  type ParkDistance,
  type ParkEntry,
} from './park-model';
import { parkInitials } from './park-search';
import { mergeRecords, recordsFromLayer, type ProjectRecord } from './project-board';
import { listProjectRecords } from './project-records';

export interface ParcelInput {
  name: string;
  synthetic: boolean;
  collection: FeatureCollection;
  mapping: ParcelFieldMapping;
}

export interface ExplorerModel {
  status: 'loading' | 'ready' | 'error';
  error: Bilingual | null;
  layers: Record<string, { layer: CatalogLayer; features: FeatureCollection }>;
  entries: ParkEntry[];
  initials: Map<string, string[]>;
  sampleInfo: SampleParcelsInfo | null;
  parcels: ParcelInput | null;
  dashboard: DashboardResult | null;
  available: Map<string, AvailableLand>;
  distances: Map<string, ParkDistance[]>;
  projects: ProjectRecord[];
  layerProjects: ProjectRecord[];
  localProjects: ProjectRecord[];
  reloadProjects: () => void;
  storeError: Bilingual | null;
}

const ModelContext = createContext<ExplorerModel | null>(null);

export function useExplorerModel(): ExplorerModel {
  const model = useContext(ModelContext);
  if (!model) throw new Error('useExplorerModel outside <ExplorerModelProvider>');
  return model;
}

const nextTick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function ExplorerModelProvider({ children }: { children: ReactNode }) {
  const store = useAtlasStore();
  const catalog = useAtlas((state) => state.catalog);
  const source = useExplorer((state) => state.parcelSource);
  const [layers, setLayers] = useState<ExplorerModel['layers']>({});
  const [error, setError] = useState<Bilingual | null>(null);
  const [sampleInfo, setSampleInfo] = useState<SampleParcelsInfo | null>(null);
  const [parcels, setParcels] = useState<ParcelInput | null>(null);
  const [dashboard, setDashboard] = useState<DashboardResult | null>(null);
  const [distances, setDistances] = useState<Map<string, ParkDistance[]>>(new Map());
  const [localProjects, setLocalProjects] = useState<ProjectRecord[]>([]);
  const [storeError, setStoreError] = useState<Bilingual | null>(null);
  const [projectVersion, setProjectVersion] = useState(0);
  // One analysis worker for the explorer's lifetime, started on first use.
  const analysis = useRef<AnalysisClient | null>(null);
  useEffect(
    () => () => {
      analysis.current?.dispose();
      analysis.current = null;
    },
    [],
  );

  useEffect(() => {
    if (!catalog) return;
    let cancelled = false;
    loadExplorerLayers(catalog, store.getState()).then(
      (loaded) => !cancelled && setLayers(loaded),
      (failure: unknown) =>
        !cancelled &&
        setError(
          (failure as { bilingual?: Bilingual }).bilingual ?? { zh: `图层加载失败：${String(failure)}`, en: `Layers could not be loaded: ${String(failure)}` },
        ),
    );
    loadSampleInfo().then(
      (info) => !cancelled && setSampleInfo(info),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [catalog, store]);

  // The parcels: the sample file, or the user's file with its field mapping.
  useEffect(() => {
    let cancelled = false;
    setParcels(null);
    setDashboard(null);
    if (source.kind === 'user') {
      setParcels({ name: source.name, synthetic: false, collection: source.collection, mapping: source.mapping });
      return;
    }
    loadSampleParcels().then(
      (collection) => !cancelled && setParcels({ name: 'sample-parcels.fgb', synthetic: true, collection, mapping: {} }),
      (failure: unknown) =>
        !cancelled &&
        setError({
          zh: `示例地块无法读取（${String(failure)}）。请运行 npx tsx scripts/build-parcels.ts 后刷新。`,
          en: `The sample parcels could not be read (${String(failure)}). Run npx tsx scripts/build-parcels.ts and reload.`,
        }),
    );
    return () => {
      cancelled = true;
    };
  }, [source]);

  const zoneLayers = layers['development-zones'] && layers['industrial-parks'] ? layers : null;

  useEffect(() => {
    if (!zoneLayers || !parcels) return;
    const controller = new AbortController();
    analysis.current ??= createAnalysisClient();
    // Same zone layers, same order as the `intensity` CLI's default.
    const zones = [
      { layer: 'development-zones', features: zoneLayers['development-zones'].features },
      { layer: 'industrial-parks', features: zoneLayers['industrial-parks'].features },
    ];
    void analysis.current.landUseIntensity(zones, parcels.collection, parcels.mapping, { signal: controller.signal }).then((result) => {
      if (controller.signal.aborted || isDropped(result)) return;
      if (result.ok) setDashboard(result.value);
      else setError(result.error.message);
    });
    return () => controller.abort();
  }, [zoneLayers, parcels]);

  const entries = useMemo(
    () =>
      zoneLayers
        ? buildParkEntries({ 'development-zones': zoneLayers['development-zones'].features, 'industrial-parks': zoneLayers['industrial-parks'].features })
        : [],
    [zoneLayers],
  );
  const initials = useMemo(() => new Map(entries.map((entry) => [parkKey(entry), parkInitials(entry)])), [entries]);

  // Distances: a few parks per tick, so the list stays responsive.
  useEffect(() => {
    if (entries.length === 0 || !layers['hsr-stations'] || !layers.ports || !layers.roads) return;
    let cancelled = false;
    // The layers a catalog lacks (railways, their stations) are left out: the distances then use the rest.
    const present = DISTANCE_SOURCE_LAYERS.filter((id) => layers[id]);
    const context = createDistanceContext(present.map((id) => ({ meta: layers[id].layer, features: layers[id].features })));
    const found = new Map<string, ParkDistance[]>();
    void (async () => {
      for (let start = 0; start < entries.length; start += 4) {
        await nextTick();
        if (cancelled) return;
        for (const entry of entries.slice(start, start + 4)) found.set(parkKey(entry), parkDistances(context, entry));
        setDistances(new Map(found));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [entries, layers]);

  useEffect(() => {
    let cancelled = false;
    void listProjectRecords().then((result) => {
      if (cancelled) return;
      if (result.ok) {
        setLocalProjects(result.value);
        setStoreError(null);
      } else setStoreError(result.message);
    });
    return () => {
      cancelled = true;
    };
  }, [projectVersion]);

  const layerProjects = useMemo(() => (layers['key-projects'] ? recordsFromLayer(layers['key-projects'].features) : []), [layers]);
  const projects = useMemo(() => mergeRecords(layerProjects, localProjects), [layerProjects, localProjects]);
  const available = useMemo(() => (dashboard?.ok ? availableLandByPark(dashboard.zones) : new Map<string, AvailableLand>()), [dashboard]);

  const model: ExplorerModel = {
    status: error ? 'error' : zoneLayers ? 'ready' : 'loading',
    error,
    layers,
    entries,
    initials,
    sampleInfo,
    parcels,
    dashboard,
    available,
    distances,
    projects,
    layerProjects,
    localProjects,
    reloadProjects: () => setProjectVersion((version) => version + 1),
    storeError,
  };
  return <ModelContext.Provider value={model}>{children}</ModelContext.Provider>;
}
