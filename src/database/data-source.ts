// Used by the TypeORM CLI: `npm run migration:generate|run|revert`.
// It reads DATABASE_URL, or the embedded database's default address when that is unset
// (start the service once with `npm start` so the embedded server is running).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config';
import { dataSourceOptions } from './data-source-options';

const config = loadConfig(process.env, { devJwtSecret: 'x'.repeat(32) });
const url =
  config.databaseUrl ??
  `postgres://postgres:oudermaatje-local@127.0.0.1:${config.embeddedPgPort}/oudermaatje`;

export default new DataSource(dataSourceOptions(url));
