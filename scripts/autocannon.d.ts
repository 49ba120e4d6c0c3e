declare module "autocannon" {
  namespace autocannon {
    type Options = {
      url: string;
      connections?: number;
      duration?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
    };
    type Result = {
      requests: { average: number; total: number };
      latency: { p50: number; p95?: number; p97_5: number; p99: number; average: number };
      errors: number;
      timeouts: number;
      non2xx: number;
      "2xx": number;
    };
  }
  function autocannon(opts: autocannon.Options): Promise<autocannon.Result>;
  export default autocannon;
}
