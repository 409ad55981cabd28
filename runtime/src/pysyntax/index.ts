/**
 * Python's literal syntax for every reader and writer: the string-literal lexer and the value formatter.
 */
export { decodeStringContent, DecodeSink, scanString, type DecodeFlags, type EscapeError, type StringScan } from './stringLiteral';
export { pyFloat, pyRepr, type NonFinite } from './pyFormat';
