/** Copies what the standalone server needs beside it (scripts/standalone.mjs); returns the path of its server.js. */
export function prepareStandalone(distDir?: string): string;
