#pragma once

#include "app/app.hpp"
#include "web/router.hpp"

namespace layan {

// What every request passes through, in order: body-size limit, language,
// routing (404/405), authentication, CSRF check for state-changing requests,
// the handler, security headers, metrics and the access log. Thread-safe.
class Pipeline {
 public:
  Pipeline(App& app, const web::Router& router) : app_(app), router_(router) {}
  web::Response handle(web::Request& req);

 private:
  App& app_;
  const web::Router& router_;
};

// Every route of the application: system endpoints and each module's routes.
void register_all_routes(web::Router& router);

}  // namespace layan
