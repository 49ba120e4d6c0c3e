// npm run db:seed: the demo data (idempotent; nothing with SEED_DEMO=off).
import { loadEnv, seed } from "./startup-steps";

seed(await loadEnv());
