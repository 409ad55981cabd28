/**
 * The config engine's public surface, for the language server and the CLI: the sandboxed engine, the values and
 * spans it reports, the big_vision checkout a config uses, whether a file is a config, and the path → span index.
 */
export { ConfigEngine, type ConfigEngineOptions } from './engine';
export type {
  CheckoutModule, ConfigError, EngineVersions, EvaluateRequest, EvaluateResult, JsonValue, KeyKind, Span, SweepEngineResult, SweepEngineRun,
  SweepRequest,
} from './protocol';
export { findCheckout } from './checkout';
export { definesGetConfig } from './definesGetConfig';
export { spanIndex, SpanIndex } from './spanIndex';
