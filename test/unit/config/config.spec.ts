import { ConfigDefaults, ConfigError, loadConfig } from '../../../src/config/config';

const dev = { devJwtSecret: 'd'.repeat(40), devLinkSecret: 'l'.repeat(40) };
const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://u:p@db:5432/x',
  JWT_SECRET: 'j'.repeat(32),
  LINK_SECRET: 'k'.repeat(32),
  DATA_ENCRYPTION_KEY: 'e'.repeat(32),
};

const error = (env: Record<string, string>, defaults: ConfigDefaults = dev): string => {
  try {
    loadConfig(env, defaults);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration from the environment', () => {
  it('starts a development set-up with nothing set: embedded database, outbox, demo seed', () => {
    const config = loadConfig({}, dev);
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      databaseUrl: undefined,
      smtp: undefined,
      seedDemo: true,
      processRole: 'all',
      logFormat: 'pretty',
    });
    expect(config.outboxDir).toMatch(/\.data\/outbox$/);
  });

  it('names the variable in one clear line when a value is wrong', () => {
    expect(error({ PORT: 'eighty' })).toBe('PORT must be a whole number (got "eighty")');
    expect(error({ PORT: '70000' })).toBe('PORT must be between 0 and 65535 (got 70000)');
    expect(error({ PROCESS_ROLE: 'both' })).toBe(
      'PROCESS_ROLE must be one of all, api, worker (got "both")',
    );
    expect(error({ DATABASE_URL: 'mysql://x' })).toBe(
      'DATABASE_URL must start with postgres:// or postgresql://',
    );
    expect(error({ SMTP_HOST: 'mail', SMTP_SECURE: 'maybe' })).toBe(
      'SMTP_SECURE must be true or false (got "maybe")',
    );
    expect(error({ JWT_SECRET: 'short' })).toBe('JWT_SECRET must be at least 32 characters long');
  });

  it('requires the database and both secrets in production, and never seeds a demo there', () => {
    expect(error({ NODE_ENV: 'production' }, {})).toBe('DATABASE_URL is required in production');
    expect(error({ NODE_ENV: 'production', DATABASE_URL: production.DATABASE_URL }, {})).toBe(
      'JWT_SECRET is required in production (at least 32 characters)',
    );
    const { DATA_ENCRYPTION_KEY: _key, ...withoutDataKey } = production;
    expect(error(withoutDataKey, {})).toBe(
      'DATA_ENCRYPTION_KEY is required in production (at least 32 characters)',
    );
    const config = loadConfig(production, {});
    expect(config).toMatchObject({ env: 'production', seedDemo: false, logFormat: 'json' });
  });

  it('reads the data encryption key and the old keys a rotation still reads with', () => {
    expect(
      loadConfig(
        { ...production, DATA_ENCRYPTION_KEYS_OLD: ` ${'o'.repeat(32)}, ${'p'.repeat(40)} ` },
        {},
      ),
    ).toMatchObject({
      dataEncryptionKey: 'e'.repeat(32),
      dataEncryptionKeysOld: ['o'.repeat(32), 'p'.repeat(40)],
    });
    expect(error({ ...production, DATA_ENCRYPTION_KEYS_OLD: 'short' }, {})).toBe(
      'DATA_ENCRYPTION_KEYS_OLD must be a comma-separated list of keys of at least 32 characters',
    );
    expect(error({ ...production, DATA_ENCRYPTION_KEY: production.LINK_SECRET }, {})).toBe(
      'DATA_ENCRYPTION_KEY must differ from JWT_SECRET and LINK_SECRET',
    );
    // Development: the generated key kept under DATA_DIR.
    expect(loadConfig({}, { ...dev, devDataEncryptionKey: 'g'.repeat(43) }).dataEncryptionKey).toBe(
      'g'.repeat(43),
    );
  });

  it('reads SMTP settings, with implicit TLS on port 465', () => {
    expect(loadConfig({ SMTP_HOST: 'smtp.example.org', SMTP_PORT: '465' }, dev).smtp).toMatchObject(
      { host: 'smtp.example.org', port: 465, secure: true, pool: true, maxConnections: 5 },
    );
    expect(
      loadConfig({ SMTP_HOST: 'mail', SMTP_PORT: '1025', SMTP_SECURE: 'false' }, dev).smtp?.secure,
    ).toBe(false);
  });

  it('refuses placeholder secrets and one secret used twice in production', () => {
    expect(
      error(
        { ...production, JWT_SECRET: 'change-me-to-a-long-random-secret-of-32-chars-or-more' },
        {},
      ),
    ).toBe('JWT_SECRET is a placeholder; set a long random value (openssl rand -base64 48)');
    expect(error({ ...production, LINK_SECRET: production.JWT_SECRET }, {})).toBe(
      'LINK_SECRET must differ from JWT_SECRET',
    );
  });
});
