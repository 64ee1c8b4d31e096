export declare const MAX_NOTE_CHARS: number;
export interface TicketFrameEncoder {
  nameTicket(index: number, id: string): void;
  nameAgent(code: number, id: string): void;
  frameJson(json: string): void;
  transition(index: number, to: number, event: number, attempt: number, agent: number, at: number, note: string | undefined): void;
  take(): { buffer: Buffer; frames: number };
  readonly pending: number;
}
export declare function createTicketFrameEncoder(options: { parentId: string; states: readonly string[]; events: readonly string[]; finals: readonly string[]; eventFrames?: boolean }): TicketFrameEncoder;
