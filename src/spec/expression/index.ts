export { parseExpression } from './parse-expression.ts';
export { printExpression } from './print-expression.ts';
export { columnReferences, expressionColumns } from './expression-columns.ts';
export { compileExpressionToSql } from './compile-expression-to-sql.ts';
export { quoteIdent } from './quote-ident.ts';
export { ExpressionError } from './expression-error.ts';
export { characterAt } from './character-at.ts';
export { FUNCTIONS, FUNCTION_NAMES, type FunctionSpec, type ValueType } from './functions.ts';
export { EXPRESSION_LIMITS, INVISIBLE_OR_CONTROL } from './types.ts';
export { assertExpressionColumns } from './assert-expression-columns.ts';
export { valueTypeWords } from './check-expression-types.ts';
export type {
  ArithmeticOp,
  BinaryNode,
  BinaryOp,
  CallNode,
  ColumnNode,
  ComparisonOp,
  ExprNode,
  FunctionName,
  LogicalOp,
  NumberNode,
  StringNode,
  UnaryNode,
  UnaryOp,
} from './types.ts';
