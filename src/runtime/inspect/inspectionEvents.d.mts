import type { StatelyActorEvent, StatelyEventEvent } from '@statelyai/inspect';
import type { InspectedSnapshot, SnapshotInspection } from './inspectionProtocol.js';

export declare const INSPECT_PROTOCOL_VERSION: string;
export declare function actorEvent(
  sessionId: string,
  name: string,
  parentId: string | undefined,
  rootId: string | undefined,
  definition: string | undefined,
  snapshot: InspectedSnapshot,
  createdAt: string,
): StatelyActorEvent;
export declare function eventEvent(sessionId: string, sourceId: string | undefined, rootId: string | undefined, type: string, createdAt: string): StatelyEventEvent;
export declare function snapshotEvent(sessionId: string, rootId: string | undefined, type: string, snapshot: InspectedSnapshot, createdAt: string): SnapshotInspection;
export declare function ticketSessionId(ticketId: string): string;
