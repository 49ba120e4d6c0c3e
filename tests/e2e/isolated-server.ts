import path from "node:path";
import { ScratchServer } from "../../scripts/scratch-server";

/**
 * A production server of its own on a fresh database, for specs that must see every write to it
 * (fuzzing) or kill it (crash safety). Port: the suite's E2E_PORT plus an offset.
 */
export class IsolatedServer extends ScratchServer {
  constructor(offset: number, name: string, env: Record<string, string> = {}) {
    const port = Number(process.env.E2E_PORT ?? 3100) + offset;
    super(port, path.resolve(`.e2e-${port}-${name}`), "listening", env);
  }
}
