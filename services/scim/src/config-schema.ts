// The env parser is shared by every process (services/db/src/config-env.ts).
export { Bool, ConfigError, LogLevel, Port, Url, parseEnv } from '@scim/db';
