import { MongoServerError } from 'mongodb';

/** MongoDB's code for a duplicate key in a unique index. */
const DUPLICATE_KEY = 11000;

/** The write lost to another one with the same key (an `_id` taken, a racing insert). */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}
