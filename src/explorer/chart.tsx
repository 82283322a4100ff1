/**
 * One chart: a <div> that ECharts draws into once the library has loaded (dynamic import,
 * so echarts is split from the first bundle and fetched when the first chart mounts).
 * The option is plain data built by the caller; the figures shown are the caller's.
 */
import { useEffect, useRef, useState } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { useExplorerText } from '../state/use-translation';

type EchartsModule = typeof import('./echarts-setup');
let loading: Promise<EchartsModule> | undefined;
function loadEcharts(): Promise<EchartsModule> {
  if (!loading) {
    loading = import('./echarts-setup');
    loading.catch(() => (loading = undefined));
  }
  return loading;
}

export interface ChartProps {
  option: EChartsCoreOption;
  height?: number;
  testId?: string;
  /** Accessible description (the figures are also in the table next to the chart). */
  label: string;
}

export function Chart({ option, height = 220, testId, label }: ChartProps) {
  const { s } = useExplorerText();
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<EchartsModule['echarts']['init']> | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'failed'>('loading');

  useEffect(() => {
    let cancelled = false;
    let observer: ResizeObserver | undefined;
    loadEcharts().then(
      ({ echarts }) => {
        if (cancelled || !element.current) return;
        chart.current = echarts.init(element.current, undefined, { renderer: 'canvas' });
        observer = new ResizeObserver(() => chart.current?.resize());
        observer.observe(element.current);
        setStatus('ready');
      },
      () => !cancelled && setStatus('failed'),
    );
    return () => {
      cancelled = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (status === 'ready') chart.current?.setOption(option, true);
  }, [option, status]);

  return (
    <div className="explorer-chart" data-testid={testId} data-chart-status={status} role="img" aria-label={label}>
      <div ref={element} style={{ height, width: '100%' }} />
      {status !== 'ready' && <div className="explorer-chart-status">{status === 'failed' ? s('chart.failed') : s('chart.loading')}</div>}
    </div>
  );
}
