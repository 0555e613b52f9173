// The wire types, generated from the Rust DTOs by ts-rs into ./generated (never edited by
// hand), error codes included: the engine's and the transports' (unauthorized, forbidden,
// internal) are one enum.
import type { ErrorCode } from './generated';

export type * from './generated';

/** Every code an answer can carry. */
export type ApiErrorCode = ErrorCode;
