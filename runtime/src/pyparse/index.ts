/**
 * Python parsing for the checker and the language server: tree-sitter loading, source kept in step with its tree
 * through edits (incremental re-parsing), string literals with value↔source maps, config key paths and cursor contexts.
 */
export { initPyparse, parsePython, pyparseReady } from './parser';
export { ParsedText, type TextChange } from './parsedText';
export { LineIndex, type Position } from './lineIndex';
export { INTERPOLATION, literalAt, readLiteral, sourceRange, stringLiterals, valueOffsetAt, type SourceMapped, type StringLiteral, type StringPart } from './strings';
export { configPathOf, configRoots, isDictCall, plainString, targetChain, type KeySegment } from './keyPath';
export { cursorContext, type AttributeContext, type CursorContext, type DictKeyContext, type StringContext } from './cursor';
