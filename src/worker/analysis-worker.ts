/**
 * The analysis Web Worker (a module worker, started by `createAnalysisClient()` in
 * analysis-client.ts). A thin adapter: the engine is `createInProcessAnalysis()`, the message
 * handling is `serveAnalysis()`; both are tested in Node without a worker. Imports no React
 * and no MapLibre (CONVENTIONS.md "The shape").
 */
/// <reference lib="webworker" />
import { serveAnalysis, type MessageEndpoint } from './analysis-server';
import { createInProcessAnalysis } from './in-process-analysis';

serveAnalysis(createInProcessAnalysis(), self as unknown as MessageEndpoint);
