/**
 * The syntax tree of a derived-variable expression.
 *
 * Every node carries `pos`, the 0-based character offset (UTF-16 code units)
 * of the token that defines it: the literal or name for leaves, the operator
 * for unary and binary nodes, the function name for calls.
 */
export type ArithmeticOp = '+' | '-' | '*' | '/' | '^';
export type ComparisonOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type LogicalOp = 'and' | 'or';
export type BinaryOp = ArithmeticOp | ComparisonOp | LogicalOp;
export type UnaryOp = '-' | 'not';

export type FunctionName =
  | 'abs'
  | 'sqrt'
  | 'log'
  | 'log10'
  | 'exp'
  | 'round'
  | 'floor'
  | 'ceil'
  | 'min'
  | 'max'
  | 'ifelse'
  | 'is_missing'
  | 'coalesce'
  | 'mean_of'
  | 'sum_of';

export interface NumberNode {
  kind: 'number';
  /** Always finite and ≥ 0: a leading minus is a unary node. */
  value: number;
  pos: number;
}
export interface StringNode {
  kind: 'string';
  value: string;
  pos: number;
}
export interface ColumnNode {
  kind: 'column';
  name: string;
  pos: number;
}
export interface UnaryNode {
  kind: 'unary';
  op: UnaryOp;
  operand: ExprNode;
  pos: number;
}
export interface BinaryNode {
  kind: 'binary';
  op: BinaryOp;
  left: ExprNode;
  right: ExprNode;
  pos: number;
}
export interface CallNode {
  kind: 'call';
  name: FunctionName;
  args: ExprNode[];
  pos: number;
}

export type ExprNode = NumberNode | StringNode | ColumnNode | UnaryNode | BinaryNode | CallNode;

/** Limits applied by the parser (and re-checked by the compiler). */
export const EXPRESSION_LIMITS = {
  /** Characters in the expression text. */
  maxLength: 2000,
  /** Nested parentheses, calls, unary operators and exponents. */
  maxDepth: 64,
  /**
   * Levels of the syntax tree, every operator counted (`a + b + c` has 3): DuckDB stops at 1000
   * levels of SQL. An operator compiles to about one level, a call (at most 64 nested) to up to
   * three, and derive's chains of columns add two subqueries per link (MAX_DERIVED_CHAIN).
   */
  maxTreeDepth: 600,
  /**
   * Sub-expressions DuckDB evaluates after it expands the SQL: `x / y`, `log(x)`, `log10(x)`,
   * `sqrt(x)` and `ifelse(c, a, b)` repeat y, x, x and c (NULLIF and CASE copy their operand), so
   * each nesting doubles the work: 12 nested log() took 1 s to plan, 13 took 3.3 s, 20 ran out
   * of memory at 20 GB. 4,000 keeps planning well under a second.
   */
  maxExpandedNodes: 4000,
  /** Arguments of one function call. */
  maxArguments: 100,
  /** Characters in one numeric literal. */
  maxNumberLength: 40,
  /** Characters of SQL one expression may compile to. */
  maxSqlLength: 100_000,
} as const;

/**
 * Characters refused inside text literals and backquoted names: C0/C1
 * controls, DEL, zero-width characters, bidirectional overrides and isolates
 * (which can make code read differently from what it is) and the BOM.
 */
export const INVISIBLE_OR_CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;
