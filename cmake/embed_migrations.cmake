# Writes a C++ file holding every migration's SQL text (see store/migrations.hpp).
separate_arguments(FILES)
set(body "")
foreach(f IN LISTS FILES)
  get_filename_component(name ${f} NAME_WE)
  string(REGEX MATCH "^[0-9]+" number ${name})
  string(REGEX REPLACE "^[0-9]+_" "" label ${name})
  file(READ ${f} sql)
  math(EXPR number "${number} + 0")
  string(APPEND body "    {${number}, \"${label}\", R\"__sql__(${sql})__sql__\"},\n")
endforeach()
file(WRITE ${OUT}.tmp
"// Generated from migrations/*.sql by cmake/embed_migrations.cmake. Do not edit.
#include \"store/migrations.hpp\"

namespace layan::store {
const std::vector<MigrationSource>& embedded_migrations() {
  static const std::vector<MigrationSource> kMigrations = {
${body}  };
  return kMigrations;
}
}  // namespace layan::store
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
