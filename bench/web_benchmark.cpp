// Micro benchmarks of the per-request work outside the database: routing,
// cookie and form parsing, and template rendering.
#include <benchmark/benchmark.h>

#include "app/pipeline.hpp"
#include "web/http.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace {

using namespace layan;

void BM_RouterMatchService(benchmark::State& state) {
  web::Router router;
  register_all_routes(router);
  for (auto _ : state) {
    auto m = router.match("GET", "/api/v1/services/42");
    benchmark::DoNotOptimize(m.route);
  }
}
BENCHMARK(BM_RouterMatchService);

void BM_ParseForm(benchmark::State& state) {
  std::string body = "csrf_token=abcdefghijklmnopqrstuvwxyz0123&email=warga%40mpp.demo&password=secret+words&next=%2F";
  for (auto _ : state) benchmark::DoNotOptimize(web::parse_form(body));
}
BENCHMARK(BM_ParseForm);

void BM_CookieLookup(benchmark::State& state) {
  web::Request req;
  req.headers = {
      {"cookie", "layan_lang=id; layan_csrf=abcdefghijklmnopqrstuvwx; layan_session=zyxwvutsrqponmlkjihgfedcba"}};
  for (auto _ : state) benchmark::DoNotOptimize(req.cookie("layan_session"));
}
BENCHMARK(BM_CookieLookup);

void BM_RenderErrorPage(benchmark::State& state) {
  web::Templates templates(default_share_dir());
  nlohmann::json data = {{"title", "Tidak ditemukan"},
                         {"status", 404},
                         {"heading", "Halaman tidak ditemukan"},
                         {"message", "Periksa kembali alamatnya."},
                         {"principal", false},
                         {"csrf_token", "x"},
                         {"path", "/x"},
                         {"lang_switch_url", "/x?lang=en"},
                         {"breadcrumbs", false},
                         {"flash", false}};
  for (auto _ : state) benchmark::DoNotOptimize(templates.render_page("error", data, "id"));
}
BENCHMARK(BM_RenderErrorPage);

}  // namespace
