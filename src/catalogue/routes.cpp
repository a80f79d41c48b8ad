#include "catalogue/routes.hpp"

namespace layan::catalogue {

void register_routes(web::Router& router) {}

}  // namespace layan::catalogue
