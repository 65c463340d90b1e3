/** Evaluates workflow conditions. Strings compare case-insensitively; arrays act as sets. */
import type { ConditionLeaf, Conditions } from "./workflow-definition";
import { resolvePath, type WorkflowContext } from "./context";

type Scalar = string | number | boolean;

const norm = (v: unknown): unknown => (typeof v === "string" ? v.toLowerCase() : v);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v.map(norm) : [norm(v)]);
const num = (v: unknown): number | null =>
  typeof v === "number"
    ? v
    : typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))
      ? Number(v)
      : null;

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
}

function compare(
  actual: unknown,
  expected: Scalar | Scalar[] | undefined,
  cmp: (a: number, b: number) => boolean,
): boolean {
  const a = num(actual);
  const b = num(expected);
  return a !== null && b !== null && cmp(a, b);
}

export function evaluateLeaf(leaf: ConditionLeaf, ctx: WorkflowContext): boolean {
  const actual = resolvePath(ctx, leaf.field);
  const expected = leaf.value;
  switch (leaf.op) {
    case "exists":
      return !isEmpty(actual);
    case "not_exists":
      return isEmpty(actual);
    case "eq":
      return !Array.isArray(actual) && norm(actual) === norm(expected);
    case "neq":
      return Array.isArray(actual) || norm(actual) !== norm(expected);
    case "in":
    case "not_in": {
      const wanted = asList(expected);
      const hit = asList(actual).some((a) => wanted.includes(a));
      return leaf.op === "in" ? hit : !hit;
    }
    case "contains":
    case "not_contains": {
      const needle = norm(expected);
      const hit = Array.isArray(actual)
        ? asList(actual).includes(needle)
        : typeof actual === "string" &&
          typeof needle === "string" &&
          actual.toLowerCase().includes(needle);
      return leaf.op === "contains" ? hit : !hit;
    }
    case "gt":
      return compare(actual, expected, (a, b) => a > b);
    case "gte":
      return compare(actual, expected, (a, b) => a >= b);
    case "lt":
      return compare(actual, expected, (a, b) => a < b);
    case "lte":
      return compare(actual, expected, (a, b) => a <= b);
  }
}

type Node = ConditionLeaf | { all: Node[] } | { any: Node[] };

function evaluateNode(node: Node, ctx: WorkflowContext): boolean {
  if ("all" in node) return node.all.every((n) => evaluateNode(n, ctx));
  if ("any" in node) return node.any.some((n) => evaluateNode(n, ctx));
  return evaluateLeaf(node, ctx);
}

/** No conditions means "always". */
export function evaluateConditions(
  conditions: Conditions | undefined,
  ctx: WorkflowContext,
): boolean {
  return conditions ? evaluateNode(conditions, ctx) : true;
}
