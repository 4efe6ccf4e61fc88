/** mechlab's version, recorded in every saved file. Keep equal to package.json. */
export const VERSION = "0.1.0";
