#pragma once

// The catalogue's validation and search folding decode UTF-8 with
// layan::next_code_point (core/utf8.hpp); found unqualified from
// layan::catalogue.
#include "core/utf8.hpp"
