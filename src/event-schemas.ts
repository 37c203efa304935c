import { EventSchemas } from './core/event-schemas';
import { RECOGNITION_SCHEMAS } from './recognition/recognition.schemas';

/**
 * Every event type whose shape has changed since it was first written: its current version and upcasters.
 * A type not listed is at version 1. Changing an event's shape: see "Changing an event" in CONTRIBUTING.md.
 */
export const EVENT_SCHEMAS = new EventSchemas([...RECOGNITION_SCHEMAS]);
