/**
 * Memory sizes such as `256MB` or `1GB`, in bytes. Units are binary, as in
 * Node's worker `resourceLimits` (1 MB = 1024 × 1024 bytes); case does not
 * matter and `MiB` spellings are accepted. A bare number has no unit and is
 * rejected, like a bare duration.
 *
 * @example parseSize('256MB') // 268_435_456
 */
export function parseSize(text: string | number): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(text.trim());
  if (!match || (match[2] === '' && !/b$/i.test(text.trim()))) return undefined;
  const exponent = ' kmgt'.indexOf((match[2] ?? '').toLowerCase() || ' ');
  return Math.round(Number(match[1]) * 1024 ** exponent);
}
