// npm run setup: the database steps of `npm start` in one process, in order: db:migrate, db:seed.
import { loadEnv, migrate, seed } from "./startup-steps";

const env = await loadEnv();
migrate(env);
seed(env);
process.exit(0);
