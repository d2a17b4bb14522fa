// `npm run db -- migrate|seed|status`: the reference database's schema and demo data, explicitly,
// against DATA_DIR (SQLite) or DATABASE_URL (PostgreSQL), as the server would open it. The server
// does the same on start; this is for deploy pipelines that migrate before rolling out replicas.
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { openDatabase, type AppDatabase } from './storage/database.ts';
import { migrate, migrationStatus } from './storage/migrations.ts';
import { seedDemoData } from './storage/seed.ts';

const EXIT_FAILED = 1;
const EXIT_CONFIG = 2;

const say = (line: string) => process.stdout.write(`${line}\n`);

async function withDatabase(config: Config, work: (database: AppDatabase) => Promise<void>): Promise<void> {
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.database.url, poolMax: 2, migrate: false, seed: false });
  try {
    await work(database);
  } catch (error) {
    throw new Error(`${database.engine} database at ${database.location}: ${(error as Error).message}`, { cause: error });
  } finally {
    await database.close();
  }
}

function program(config: () => Config): Command {
  const root = new Command('npm run db --')
    .description('Schema migrations and demo data of the reference database (DATA_DIR, or DATABASE_URL for PostgreSQL)')
    .exitOverride()
    .showHelpAfterError();
  root.command('migrate')
    .description('apply the schema steps not applied yet (safe to run from several processes at once)')
    .action(() =>
      withDatabase(config(), async (database) => {
        const applied = await migrate(database.db, database.engine);
        say(`db: ${database.engine} at ${database.location}: ${applied.length ? `applied ${applied.join(', ')}` : 'nothing to apply, the schema is up to date'}`);
      }),
    );
  root.command('seed')
    .description('apply missing schema steps, then add the demo users that are missing (idempotent)')
    .action(() =>
      withDatabase(config(), async (database) => {
        await migrate(database.db, database.engine);
        const added = await seedDemoData(database.db);
        say(`db: ${database.engine} at ${database.location}: ${added.length ? `added demo users ${added.join(', ')}` : 'the demo users are already there'}`);
      }),
    );
  root.command('status')
    .description('list the schema steps, applied or pending')
    .action(() =>
      withDatabase(config(), async (database) => {
        say(`db: ${database.engine} at ${database.location}`);
        for (const step of await migrationStatus(database.db, database.engine)) {
          say(`  ${String(step.version).padStart(4)}  ${step.appliedAt ? `applied ${step.appliedAt}` : 'pending'.padEnd(32)}  ${step.name}`);
        }
      }),
    );
  return root;
}

async function main(argv: string[]): Promise<number> {
  let config: Config | undefined;
  const lazyConfig = () => (config ??= loadConfig(process.env));
  const commands = program(lazyConfig);
  if (argv.length === 0) {
    process.stderr.write(commands.helpInformation());
    return EXIT_FAILED;
  }
  try {
    await commands.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    // commander already printed its own message (unknown command, --help).
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_FAILED;
    process.stderr.write(`db: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof ConfigError ? EXIT_CONFIG : EXIT_FAILED;
  }
}

process.exitCode = await main(process.argv.slice(2));
