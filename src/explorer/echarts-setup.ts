/**
 * The charting library, loaded only when the first chart appears (dynamic import from
 * chart.tsx), and trimmed to what the explorer draws: bar charts with a grid, tooltip,
 * legend and title, rendered to canvas. Apache ECharts (Apache-2.0) — one well-kept library
 * for every chart in the atlas.
 */
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
