/**
 * The settings only the extension reads (the language server never needs them): where runs live and which
 * Python runs upstream big_vision. Listed here so that a test can hold package.json to exactly the server's
 * settings plus these.
 */
export const RUN_SETTINGS = ['runsDir', 'python', 'checkpointDir'] as const;
