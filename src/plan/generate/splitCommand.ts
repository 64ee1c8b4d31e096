/** Characters that only mean something to a shell: a command using them is kept as one shell string. */
const SHELL_SYNTAX = /[|&;<>()$`*?~]|\[|\]|\{|\}/;

/**
 * Turns `--agent-command "<cmd>"` into what the plan's `command:` takes: an
 * argv list (`claude -p "fix it"` → `[claude, -p, fix it]`), run directly
 * with no shell in between, when the text is words and quotes only; the
 * text itself (run by `/bin/sh -c`) when it uses pipes, redirections,
 * variables or globs, which only a shell can carry out.
 *
 * @returns `undefined` for an empty command or an unclosed quote.
 */
export function splitCommand(text: string): string[] | string | undefined {
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  let unquoted = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length && '"\\'.includes(text[i + 1]!)) word += text[++i];
      else word += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      unquoted += c;
      inWord = true;
    }
  }
  if (quote !== undefined) return undefined;
  if (inWord) argv.push(word);
  if (argv.length === 0) return undefined;
  return SHELL_SYNTAX.test(unquoted) ? text.trim() : argv;
}
