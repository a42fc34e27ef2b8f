import { ModelCallError } from '../models/model-call.error.js';

/**
 * The model's answer, or undefined when the call ended without one (malformed, timed out, rate limited,
 * over budget): the agent drops that piece of work and carries on. The meter has already counted it.
 */
export async function unlessDropped<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ModelCallError) return undefined;
    throw error;
  }
}
