// layan: the command-line entry point. Subcommands: serve, migrate, seed,
// user add, apikey add, audit verify, jobs run, notify send, routes.
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "accounts/service.hpp"
#include "app/app.hpp"
#include "app/pipeline.hpp"
#include "audit/audit.hpp"
#include "core/crypto.hpp"
#include "demo/seed.hpp"
#include "files/store.hpp"
#include "jobs/register.hpp"
#include "jobs/runner.hpp"
#include "notify/service.hpp"
#include "notify/transport.hpp"
#include "store/database.hpp"
#include "store/group_commit.hpp"
#include "store/migrations.hpp"
#include "web/logging.hpp"
#include "web/metrics.hpp"
#include "web/server.hpp"
#include "web/templates.hpp"

namespace {

using namespace layan;

// Opens the database named by cfg.db_url; exits with a message when the URL
// is malformed or the server cannot be reached.
std::unique_ptr<store::Database> open_db(const Config& cfg) {
  auto url = store::parse_db_url(cfg.db_url);
  if (!url) throw CLI::ValidationError("--db", url.error().detail);
  try {
    // At least 2: a background job holds one session for its lock while it works.
    return store::Database::open(*url, std::max<size_t>(cfg.db_pool_size, 2));
  } catch (const std::exception& e) {
    throw CLI::RuntimeError("cannot open database " + url->redacted + ": " + e.what(), 3);
  }
}

void run_migrations(store::Database& db) {
  auto applied = store::migrate(db, store::embedded_migrations());
  for (int n : applied) spdlog::info("applied migration {:04d}", n);
  spdlog::info("database schema at version {}", store::schema_version(db));
}

int fail(const Error& e) {
  std::cerr << "error: " << e.detail << "\n";
  for (const auto& f : e.fields) std::cerr << "  " << f.field << ": " << f.message_en << "\n";
  return e.kind == ErrorKind::kConflict ? 4 : 2;
}

}  // namespace

int main(int argc, char** argv) {
  crypto::init();
  CLI::App cli{"layan — the platform behind a Mal Pelayanan Publik"};
  cli.set_version_flag("--version", std::string("layan ") + LAYAN_VERSION);
  cli.require_subcommand(1);

  Config cfg;
  std::string config_file;
  cli.add_option("--config", config_file, "TOML configuration file")->check(CLI::ExistingFile);
  std::string db_flag;
  auto add_db = [&](CLI::App* sub) {
    sub->add_option("--db", db_flag, "database URL: sqlite:PATH or postgresql://user@host:port/db");
  };

  auto* serve = cli.add_subcommand("serve", "serve the web pages and the API (migrates an empty database)");
  add_db(serve);
  std::optional<uint16_t> port;
  std::string listen, data_dir;
  serve->add_option("--port", port, "TCP port (0 picks a free one)");
  serve->add_option("--listen", listen, "listen address (default 0.0.0.0)");
  serve->add_option("--data-dir", data_dir, "directory for uploaded files");

  auto* migrate = cli.add_subcommand("migrate", "apply pending database migrations");
  add_db(migrate);

  auto* seed = cli.add_subcommand("seed", "load data");
  add_db(seed);
  bool demo = false;
  seed->add_flag("--demo", demo, "load the demo mall: agencies, services, standards and one account per role");

  auto* user = cli.add_subcommand("user", "manage accounts");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "create an account");
  add_db(user_add);
  accounts::NewUser nu;
  int64_t nu_agency = 0, nu_unit = 0;
  user_add->add_option("--email", nu.email, "email (the sign-in name)")->required();
  user_add->add_option("--name", nu.name, "display name")->required();
  user_add->add_option("--role", nu.role, "mpp_admin, agency_admin, officer, evaluator or citizen")->required();
  user_add->add_option("--agency", nu_agency, "agency id (agency_admin, officer)");
  user_add->add_option("--unit", nu_unit, "unit id (optional, narrows a staff role)");
  user_add->add_option("--password", nu.password, "password (else read from LAYAN_PASSWORD or stdin)");

  auto* apikey = cli.add_subcommand("apikey", "manage API keys for integrations");
  apikey->require_subcommand(1);
  auto* apikey_add = apikey->add_subcommand("add", "create an API key; prints it as the last line");
  add_db(apikey_add);
  std::string key_name;
  int64_t key_agency = 0;
  apikey_add->add_option("--name", key_name, "what the key is for")->required();
  apikey_add->add_option("--agency", key_agency, "tie the key to an agency id");

  auto* audit_cmd = cli.add_subcommand("audit", "audit log tools");
  audit_cmd->require_subcommand(1);
  auto* audit_verify = audit_cmd->add_subcommand("verify", "check the audit log's hash chain");
  add_db(audit_verify);

  auto* jobs_cmd = cli.add_subcommand("jobs", "background jobs");
  jobs_cmd->require_subcommand(1);
  auto* jobs_run = jobs_cmd->add_subcommand(
      "run", "run every background job once and exit (skipped where another node is running it)");
  add_db(jobs_run);
  std::string jobs_at;
  jobs_run->add_option("--at", jobs_at, "run as if it were this UTC time, e.g. 2026-12-01T00:00:00Z");

  auto* notify_cmd = cli.add_subcommand("notify", "notifications");
  notify_cmd->require_subcommand(1);
  auto* notify_send = notify_cmd->add_subcommand(
      "send", "queue a message (to check the SMTP or SMS settings); the outbox job delivers it");
  add_db(notify_send);
  notify::Message note;
  notify_send->add_option("--channel", note.channel, "email or sms")->required();
  notify_send->add_option("--to", note.recipient, "email address or phone number")->required();
  notify_send->add_option("--subject", note.subject, "subject (email)");
  notify_send->add_option("--body", note.body, "text")->required();

  auto* routes_cmd = cli.add_subcommand(
      "routes", "list every route: method, pattern and the largest body any caller may send it, in bytes");

  CLI11_PARSE(cli, argc, argv);

  try {
    if (!config_file.empty()) {
      if (auto s = load_config_file(config_file, cfg); !s) return fail(s.error());
    }
    if (auto s = apply_environment(cfg); !s) return fail(s.error());
    if (!db_flag.empty()) cfg.db_url = db_flag;
    if (auto s = notify::check_config(cfg); !s) return fail(s.error());
    web::setup_logging(cfg);

    SystemClock clock;
    App app;
    app.clock = &clock;

    if (serve->parsed()) {
      if (port) cfg.port = *port;
      if (!listen.empty()) cfg.listen_address = listen;
      if (!data_dir.empty()) cfg.data_dir = data_dir;
      app.config = cfg;
      auto store = files::Store::open(cfg.data_dir);
      if (!store) {
        std::cerr << "error: " << store.error().detail << " (choose it with --data-dir, LAYAN_DATA_DIR or data_dir)\n";
        return 2;
      }
      app.files = &*store;
      if (cfg.notify_mailbox && (cfg.smtp_url.empty() || cfg.sms_gateway_url.empty())) {
        spdlog::warn("notify_mailbox: messages without a transport are written in full to {} (development only)",
                     notify::mailbox_path(cfg));
      }
      app.db = open_db(cfg);
      run_migrations(*app.db);
      store::GroupCommitter intake(*app.db, {});
      app.intake = &intake;
      web::Templates templates(cfg.share_dir);
      web::Metrics metrics;
      app.templates = &templates;
      app.metrics = &metrics;
      web::Router router;
      register_all_routes(router);
      Pipeline pipeline(app, router);
      jobs::Runner runner(app);
      jobs::register_all(runner);
      app.wake_outbox = [&runner] { runner.poke("outbox"); };
      runner.start();
      web::run_server(
          cfg, [&](web::Request& req) { return pipeline.handle(req); },
          [&](web::Request& req) { return pipeline.try_fast(req); },
          [&](const web::Request& head) { return pipeline.body_limit(head); },
          [&](uint16_t bound) {
            spdlog::info("layan {} listening on http://{}:{} (database: {})", LAYAN_VERSION, cfg.listen_address, bound,
                         app.db->url().redacted);
          });
      runner.stop();
      return 0;
    }

    if (routes_cmd->parsed()) {
      web::Router router;
      register_all_routes(router);
      // A multipart body from a caller with a credential: the largest allowance.
      web::Request uploader;
      uploader.headers = {{"content-type", "multipart/form-data; boundary=x"}, {"authorization", "Bearer x"}};
      for (const auto& r : router.routes()) {
        std::cout << r.method << ' ' << r.pattern << ' ' << body_allowance(&r, uploader, cfg).bytes << '\n';
      }
      return 0;
    }

    app.config = cfg;
    app.db = open_db(cfg);
    store::GroupCommitter intake(*app.db, {});
    app.intake = &intake;
    if (migrate->parsed()) {
      run_migrations(*app.db);
      return 0;
    }
    if (seed->parsed()) {
      if (!demo) {
        std::cerr << "nothing to seed: pass --demo\n";
        return 2;
      }
      run_migrations(*app.db);
      auto s = demo::seed_demo(app, std::string(cfg.share_dir) + "/seed/demo.json");
      if (!s) return fail(s.error());
      return 0;
    }
    if (user_add->parsed()) {
      if (nu.password.empty()) {
        if (const char* p = std::getenv("LAYAN_PASSWORD")) {
          nu.password = p;
        } else {
          std::getline(std::cin, nu.password);
        }
      }
      if (nu_agency) nu.agency_id = nu_agency;
      if (nu_unit) nu.unit_id = nu_unit;
      auto id = accounts::create_user(app, accounts::system_principal(), nu);
      if (!id) return fail(id.error());
      std::cout << "created user " << *id << " (" << nu.role << ")\n";
      return 0;
    }
    if (apikey_add->parsed()) {
      std::optional<int64_t> agency;
      if (key_agency) agency = key_agency;
      auto key = accounts::create_api_key(app, accounts::system_principal(), key_name, agency);
      if (!key) return fail(key.error());
      std::cout << "created API key " << key->id << " for \"" << key_name << "\"; it is shown only once:\n"
                << key->key << "\n";
      return 0;
    }
    if (jobs_run->parsed()) {
      std::unique_ptr<ManualClock> manual;
      if (!jobs_at.empty()) {
        TimePoint at;
        if (!parse_utc(jobs_at, at))
          throw CLI::ValidationError("--at", "expected a UTC time like 2026-12-01T00:00:00Z");
        manual = std::make_unique<ManualClock>(at);
        app.clock = manual.get();
      }
      jobs::Runner runner(app);
      jobs::register_all(runner);
      bool all_ok = true;
      for (const auto& r : runner.run_all_once(app.clock->now())) {
        const char* what = r.outcome == jobs::Outcome::kRan       ? "ran"
                           : r.outcome == jobs::Outcome::kSkipped ? "skipped (running on another node)"
                                                                  : "failed (see the log)";
        std::cout << r.name << ": " << what << "\n";
        all_ok = all_ok && r.outcome != jobs::Outcome::kFailed;
      }
      return all_ok ? 0 : 1;
    }
    if (notify_send->parsed()) {
      note.entity = "operator";
      auto id = notify::queue_operator_message(app, note);
      if (!id) return fail(id.error());
      std::cout << "queued notification " << *id << "\n";
      return 0;
    }
    if (audit_verify->parsed()) {
      soci::session sql(app.db->pool());
      auto rep = audit::verify(sql);
      if (rep.first_bad_id) {
        std::cout << "audit chain BROKEN at event " << rep.first_bad_id << " (" << rep.events << " events)\n";
        return 5;
      }
      std::cout << "audit chain intact: " << rep.events << " events\n";
      return 0;
    }
  } catch (const CLI::Error& e) {
    return cli.exit(e);
  } catch (const std::exception& e) {
    spdlog::critical("{}", store::loggable_error(e));
    return 1;
  }
  return 0;
}
