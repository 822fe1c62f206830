// The one completion-callback shape used by every asynchronous port and module.

/** Completion callback: err is an Err code (0 = OK); value is set only on success. */
export type Done<T = undefined> = (err: number, value?: T) => void;
