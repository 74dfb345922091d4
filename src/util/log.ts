// One JSON object per line on stderr: easy to read, easy to ship to a log collector.
// Never pass document contents here.

export type LogFields = Record<string, unknown>;
export type Logger = (event: string, fields?: LogFields) => void;

export const jsonLogger: Logger = (event, fields = {}) => {
  console.error(JSON.stringify({ time: new Date().toISOString(), event, ...fields }));
};

export const silentLogger: Logger = () => {};
