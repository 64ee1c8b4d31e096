// Builders of the inspection protocol's events (`@xstate.actor`,
// `@xstate.event`, `@xstate.snapshot`, as `@statelyai/inspect` sends them).
// Plain JavaScript so that the inspector's worker thread (inspectorWorker.mjs,
// ticketFrames.mjs) can load it on Node 20, where worker threads cannot load TypeScript; the
// dashboard's RunBoard uses the same builders. Types: inspectionEvents.d.mts.

/**
 * The `_version` of each event: the protocol version of the `@statelyai/inspect`
 * release tpe is built against (the library does not export it; bump with it).
 */
export const INSPECT_PROTOCOL_VERSION = '0.7.2';

export function actorEvent(sessionId, name, parentId, rootId, definition, snapshot, createdAt) {
  return { type: '@xstate.actor', name, sessionId, parentId, rootId, id: name, createdAt, _version: INSPECT_PROTOCOL_VERSION, definition, snapshot };
}

export function eventEvent(sessionId, sourceId, rootId, type, createdAt) {
  return { type: '@xstate.event', sessionId, sourceId, rootId, event: { type }, id: '', createdAt, _version: INSPECT_PROTOCOL_VERSION };
}

export function snapshotEvent(sessionId, rootId, type, snapshot, createdAt) {
  return { type: '@xstate.snapshot', sessionId, rootId, event: { type }, snapshot, id: '', createdAt, _version: INSPECT_PROTOCOL_VERSION };
}

/** Session id of a ticket's (virtual) actor: stable across frames, processes and resumes. */
export const ticketSessionId = (ticketId) => `ticket:${ticketId}`;
