import { globMatches, toFilePattern, type FilePattern } from './fileOverlap.js';

/** Two tickets whose affected files overlap, with one overlapping entry of each. */
export interface FileConflict {
  /** Ticket indices, `a < b`. */
  a: number;
  b: number;
  /** The overlapping entries (normalised): `files[0]` of ticket `a`, `files[1]` of ticket `b`. */
  files: readonly [string, string];
}

interface PatternEntry {
  pattern: FilePattern;
  tickets: number[];
}

interface TrieNode {
  children: Map<string, TrieNode>;
  /** Globs whose static prefix ends here. */
  globs: PatternEntry[];
}

/**
 * Every pair of tickets whose affected files overlap (see `fileOverlap` for
 * the rules). Never compares all pairs: literal paths are bucketed in a hash
 * map, and globs sit in a trie of their static prefixes, so a path or glob is
 * compared only with globs whose prefix is one of its own prefixes. Time is
 * linear in the entries and their path lengths, plus the conflicts found.
 */
export function deriveFileConflicts(filesByTicket: readonly (readonly string[])[]): readonly FileConflict[] {
  const cached = cache.get(filesByTicket);
  if (cached) return cached;
  const conflicts = derive(filesByTicket);
  cache.set(filesByTicket, conflicts);
  return conflicts;
}

/**
 * Compilation derives file conflicts and analysis needs them again: results
 * are kept per list of file lists (by identity; compiled input is never
 * mutated), and `fileListsOf` gives the same list for the same tickets.
 */
const cache = new WeakMap<readonly (readonly string[])[], readonly FileConflict[]>();
const fileLists = new WeakMap<readonly object[], readonly (readonly string[])[]>();

/** The tickets' file lists, the same array each time for the same ticket array. */
export function fileListsOf(tickets: readonly { files: readonly string[] }[]): readonly (readonly string[])[] {
  let lists = fileLists.get(tickets);
  if (lists === undefined) fileLists.set(tickets, (lists = tickets.map((ticket) => ticket.files)));
  return lists;
}

/** Records that `tickets` have the file lists `lists` (compiled tickets share their drafts' lists). */
export function rememberFileLists(tickets: readonly object[], lists: readonly (readonly string[])[]): void {
  fileLists.set(tickets, lists);
}

function derive(filesByTicket: readonly (readonly string[])[]): FileConflict[] {
  const literals = new Map<string, PatternEntry>();
  const globs = new Map<string, PatternEntry>();
  for (let ticket = 0; ticket < filesByTicket.length; ticket++) {
    for (const file of filesByTicket[ticket]!) {
      const pattern = toFilePattern(file);
      if (pattern === undefined) continue;
      const table = pattern.isGlob ? globs : literals;
      const entry = table.get(pattern.text) ?? { pattern, tickets: [] };
      if (entry.tickets.length === 0) table.set(pattern.text, entry);
      if (entry.tickets.at(-1) !== ticket) entry.tickets.push(ticket);
    }
  }

  const root: TrieNode = { children: new Map(), globs: [] };
  for (const entry of globs.values()) {
    let node = root;
    for (const segment of entry.pattern.base) {
      let child = node.children.get(segment);
      if (child === undefined) node.children.set(segment, (child = { children: new Map(), globs: [] }));
      node = child;
    }
    node.globs.push(entry);
  }

  const found = new Map<number, FileConflict>();
  const n = filesByTicket.length;
  const pair = (x: PatternEntry, y: PatternEntry): void => {
    for (const a of x.tickets) {
      for (const b of y.tickets) {
        if (a === b) continue;
        const key = a < b ? a * n + b : b * n + a;
        if (found.has(key)) continue;
        const conflict: FileConflict =
          a < b ? { a, b, files: [x.pattern.text, y.pattern.text] } : { a: b, b: a, files: [y.pattern.text, x.pattern.text] };
        found.set(key, conflict);
      }
    }
  };

  // Tickets naming the same path or the same glob.
  for (const entry of literals.values()) pair(entry, entry);
  for (const entry of globs.values()) pair(entry, entry);

  // A literal against the globs whose prefix is a prefix of its path.
  for (const entry of literals.values()) {
    walkPrefixes(root, entry.pattern.base, (node) => {
      for (const glob of node.globs) if (globMatches(glob.pattern.text, entry.pattern.text)) pair(entry, glob);
    });
  }

  // A glob against the globs stored at its prefixes (its own node included):
  // each pair is met from the side of the longer prefix.
  for (const entry of globs.values()) {
    walkPrefixes(root, entry.pattern.base, (node) => {
      for (const glob of node.globs) if (glob !== entry) pair(entry, glob);
    });
  }
  return [...found.values()].sort((x, y) => x.a - y.a || x.b - y.b);
}

/** Visits the trie nodes along `segments`, from the root, as far as they exist. */
function walkPrefixes(root: TrieNode, segments: readonly string[], visit: (node: TrieNode) => void): void {
  let node: TrieNode | undefined = root;
  visit(node);
  for (const segment of segments) {
    node = node.children.get(segment);
    if (node === undefined) return;
    visit(node);
  }
}
