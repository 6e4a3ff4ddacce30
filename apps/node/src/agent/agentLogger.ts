/** Where the agent writes what it does; the CLI prints JSON lines, tests stay quiet. */
export type AgentLogger = {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
};

/** A logger that drops everything: the agent's default when none is given. */
export const silentAgentLogger: AgentLogger = { info() {}, warn() {} };
