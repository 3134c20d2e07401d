import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError, loadConfig, productionWarnings } from "../src/config.js";

describe("configuration", () => {
  test("defaults give a working local secretary", () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.publicUrl, undefined);
    assert.equal(config.dataDir, "./data");
    assert.equal(config.anthropicApiKey, undefined);
    assert.match(config.claudeModel, /haiku/);
    assert.equal(config.logLevel, "info");
    assert.deepEqual(config.corsOrigins, [], "same-origin only");
  });

  test("CORS_ORIGINS is a comma-separated list of exact origins", () => {
    const config = loadConfig({ CORS_ORIGINS: " https://app.example.com,http://localhost:5173 ,, " });
    assert.deepEqual(config.corsOrigins, ["https://app.example.com", "http://localhost:5173"]);
  });

  test("CLAUDE_FIRST_TOKEN_TIMEOUT_MS gives a slower model longer to start answering", () => {
    assert.equal(loadConfig({}).timing.firstTokenTimeoutMs, 3000);
    assert.equal(loadConfig({ CLAUDE_FIRST_TOKEN_TIMEOUT_MS: "6000" }).timing.firstTokenTimeoutMs, 6000);
    assert.equal(loadConfig({ CLAUDE_FIRST_TOKEN_TIMEOUT_MS: "" }).timing.firstTokenTimeoutMs, 3000);
  });

  test("TWILIO_ACCOUNT_SID turns texting on, with the account's auth token", () => {
    const sid = `AC${"0123456789abcdef".repeat(2)}`;
    assert.equal(loadConfig({ TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: "token" }).twilioAccountSid, sid);
    assert.equal(loadConfig({ TWILIO_ACCOUNT_SID: " " }).twilioAccountSid, undefined, "empty is unset");
    assert.equal(loadConfig({}).twilioAccountSid, undefined);
  });

  test("a bad value stops start-up with a message naming the setting", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ PORT: "eighty" }, /PORT/],
      [{ PORT: "70000" }, /PORT/],
      [{ PUBLIC_URL: "ftp://example.com" }, /PUBLIC_URL: must be a URL starting with http:\/\/ or https:\/\//],
      [{ DATABASE_URL: "mysql://localhost/db" }, /DATABASE_URL/],
      [{ REDIS_URL: "localhost:6379" }, /REDIS_URL/],
      [{ OWNER_PHONE: "555-1234" }, /OWNER_PHONE: must be an E\.164 phone number/],
      [{ LOG_LEVEL: "loud" }, /LOG_LEVEL/],
      [{ CLAUDE_FIRST_TOKEN_TIMEOUT_MS: "3s" }, /CLAUDE_FIRST_TOKEN_TIMEOUT_MS/],
      [{ CLAUDE_FIRST_TOKEN_TIMEOUT_MS: "100" }, /CLAUDE_FIRST_TOKEN_TIMEOUT_MS/],
      [{ API_TOKEN: "short" }, /API_TOKEN: must be at least 16 characters/],
      [{ TWILIO_ACCOUNT_SID: "AC123" }, /TWILIO_ACCOUNT_SID: must be an account SID: AC followed by 32 hex digits/],
      [{ TWILIO_ACCOUNT_SID: `SK${"0".repeat(32)}` }, /TWILIO_ACCOUNT_SID/],
      [{ TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}` }, /TWILIO_ACCOUNT_SID: needs TWILIO_AUTH_TOKEN/],
      [{ BUSINESS_NAME: "Acme ".repeat(30) }, /BUSINESS_NAME/],
      [{ OWNER_NAME: "Dr ".repeat(50) }, /OWNER_NAME/],
      [{ CORS_ORIGINS: "https://app.example.com/" }, /CORS_ORIGINS: "https:\/\/app\.example\.com\/" is not an origin/],
      [{ CORS_ORIGINS: "https://app.example.com, *" }, /CORS_ORIGINS: "\*" is not an origin/],
      [{ CORS_ORIGINS: "null" }, /CORS_ORIGINS: "null" is not an origin/],
      [{ CORS_ORIGINS: "app.example.com" }, /CORS_ORIGINS: "app\.example\.com" is not an origin/],
      [{ CORS_ORIGINS: "https://app.example.com/dashboard" }, /CORS_ORIGINS/],
      [{ CORS_ORIGINS: "ftp://files.example.com" }, /CORS_ORIGINS/],
      [{ TRUSTED_PROXIES: "yes" }, /TRUSTED_PROXIES/],
      [{ TRUSTED_PROXIES: "9" }, /TRUSTED_PROXIES/],
    ];
    for (const [env, message] of cases) {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
      );
    }
  });

  test("production requires the Twilio auth token, the API token and the public URL", () => {
    const apiToken = "an-api-token-long-enough";
    assert.throws(
      () => loadConfig({ NODE_ENV: "production", PUBLIC_URL: "https://x.example", API_TOKEN: apiToken }),
      /TWILIO_AUTH_TOKEN: required/,
    );
    assert.throws(
      () => loadConfig({ NODE_ENV: "production", TWILIO_AUTH_TOKEN: "t", PUBLIC_URL: "https://x.example" }),
      /API_TOKEN: required/,
    );
    assert.throws(
      () => loadConfig({ NODE_ENV: "production", TWILIO_AUTH_TOKEN: "t", API_TOKEN: apiToken }),
      /PUBLIC_URL: required/,
    );
    const config = loadConfig({
      NODE_ENV: "production",
      TWILIO_AUTH_TOKEN: "t",
      API_TOKEN: apiToken,
      PUBLIC_URL: "https://x.example/",
    });
    assert.equal(config.production, true);
    assert.equal(config.publicUrl, "https://x.example");
  });

  test("empty settings count as unset", () => {
    const config = loadConfig({
      ANTHROPIC_API_KEY: "",
      TWILIO_AUTH_TOKEN: "  ",
      SECRETARY_INSTRUCTIONS: "",
      PUBLIC_URL: "",
      DATABASE_URL: "",
      OWNER_PHONE: "",
    });
    assert.equal(config.publicUrl, undefined);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.ownerPhone, undefined);
    assert.equal(config.anthropicApiKey, undefined);
    assert.equal(config.twilioAuthToken, undefined);
    assert.equal(config.secretaryInstructions, undefined);
  });

  test("a URL setting without a scheme is reported with every other problem, not as a crash", () => {
    assert.throws(
      () =>
        loadConfig({
          NODE_ENV: "production",
          PUBLIC_URL: "secretary.example.com",
          REDIS_URL: "127.0.0.1:6379",
          DATABASE_URL: "db.internal:5432/secretary",
          PORT: "eighty",
          API_TOKEN: "an-api-token-long-enough",
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError, String(error));
        const lines = error.message.split("\n").slice(1);
        assert.deepEqual(lines, [
          "  PORT: Invalid input: expected number, received NaN",
          "  PUBLIC_URL: must be a URL starting with http:// or https://, e.g. https://secretary.example.com",
          "  DATABASE_URL: must be a URL starting with postgres:// or postgresql://, e.g. postgresql://user:password@host:5432/secretary",
          "  REDIS_URL: must be a URL starting with redis:// or rediss://, e.g. redis://host:6379",
          "  TWILIO_AUTH_TOKEN: required when NODE_ENV=production (every Twilio request is signed with it)",
        ]);
        return true;
      },
    );
  });

  test("HOST is the address listened on; unset, every interface", () => {
    assert.equal(loadConfig({}).host, undefined);
    assert.equal(loadConfig({ HOST: " 127.0.0.1 " }).host, "127.0.0.1");
    assert.equal(loadConfig({ HOST: "::1" }).host, "::1");
    assert.throws(() => loadConfig({ HOST: "http://127.0.0.1:3000/" }), /HOST: must be an address or host name/);
  });

  test("a production start without a database server, Claude or a metrics token is warned about, saying what it means", () => {
    const production = {
      NODE_ENV: "production",
      TWILIO_AUTH_TOKEN: "t",
      API_TOKEN: "an-api-token-long-enough",
      PUBLIC_URL: "https://x.example",
    };
    const warnings = productionWarnings(loadConfig(production));
    assert.equal(warnings.length, 3);
    assert.match(warnings[0] ?? "", /^DATABASE_URL is not set: the call log is the embedded database under \.\/data/);
    assert.match(warnings[1] ?? "", /^ANTHROPIC_API_KEY is not set: Claude does not answer/);
    assert.match(warnings[2] ?? "", /^METRICS_TOKEN is not set: \/metrics is open to anyone/);
    const complete = {
      ...production,
      DATABASE_URL: "postgresql://db/secretary",
      ANTHROPIC_API_KEY: "key",
      METRICS_TOKEN: "a-metrics-token-long-enough",
    };
    assert.deepEqual(productionWarnings(loadConfig(complete)), []);
    assert.deepEqual(productionWarnings(loadConfig({})), [], "a local start is not warned");
  });
});
