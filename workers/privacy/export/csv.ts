/**
 * RFC 4180 CSV. Nested values are JSON. Cells starting with = + - @ (or tab/CR) get a leading
 * apostrophe so a spreadsheet does not run them as formulas; JSONL is the lossless format.
 */
const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let s = typeof value === "object" ? JSON.stringify(value) : String(value);
  if (typeof value === "string" && FORMULA.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(columns: readonly string[], row: Record<string, unknown>): string {
  return columns.map((c) => csvCell(row[c])).join(",") + "\r\n";
}
