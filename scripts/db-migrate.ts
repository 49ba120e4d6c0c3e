// npm run db:migrate: check the data directory and the database file, apply the committed migrations.
import { loadEnv, migrate } from "./startup-steps";

migrate(await loadEnv());
