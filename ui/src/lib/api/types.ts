// The wire types, generated from the Rust DTOs by ts-rs into ./generated (never edited by
// hand). The UI adds only what the transports add on top of the engine's error codes.
import type { ErrorCode as EngineErrorCode } from './generated';

export type * from './generated';

/** The engine's codes, plus what the HTTP server says about access (401, or 403 for a host that is not localhost). */
export type ApiErrorCode = EngineErrorCode | 'unauthorized' | 'forbidden';
