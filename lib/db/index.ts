import "server-only";

export { getDb } from "./client";
export { openDb, withTransaction, type Db } from "./open";
export * from "./types";
export * from "./queries/faces";
export * from "./queries/generations";
export * from "./queries/generation-list";
export * from "./queries/outputs";
export { encodeCursor, decodeCursor, type ListCursor } from "./queries/cursor";
