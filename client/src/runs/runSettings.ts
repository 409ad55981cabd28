/**
 * The settings only the extension reads (the language server never needs them): where runs live, which
 * Python runs upstream big_vision, and where Run on TPU creates nodes and how it reaches their workers. Listed
 * here so that a test can hold package.json to exactly the server's settings plus these.
 */
export const RUN_SETTINGS = ['runsDir', 'python', 'tpu.project', 'tpu.zone', 'tpu.sshUser', 'tpu.sshPort', 'tpu.idleMinutes', 'checkpointDir'] as const;
