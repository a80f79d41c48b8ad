# Tests beyond the GoogleTest units: a throwaway PostgreSQL server (a CTest
# fixture), API tests against a real `layan serve` on SQLite and PostgreSQL,
# and browser tests in real Chromium. All run from `ctest`.
find_program(NODE_EXECUTABLE node REQUIRED)

set(PG_DIR ${CMAKE_BINARY_DIR}/pg)
add_test(NAME pg_start COMMAND ${CMAKE_SOURCE_DIR}/scripts/pg-test-server start ${PG_DIR})
set_tests_properties(pg_start PROPERTIES FIXTURES_SETUP pg)
add_test(NAME pg_stop COMMAND ${CMAKE_SOURCE_DIR}/scripts/pg-test-server stop ${PG_DIR})
set_tests_properties(pg_stop PROPERTIES FIXTURES_CLEANUP pg)

set(NODE_TEST_ENV
  "LAYAN_BIN=$<TARGET_FILE:layan>"
  "LAYAN_SOURCE_DIR=${CMAKE_SOURCE_DIR}"
  "LAYAN_PG_URL_FILE=${PG_DIR}/url"
  "LAYAN_TEST_TMP=${CMAKE_BINARY_DIR}/test-tmp")

foreach(db sqlite postgresql)
  add_test(NAME api_${db}
    COMMAND ${NODE_EXECUTABLE} --test --test-concurrency=1 --test-reporter=spec
            ${CMAKE_SOURCE_DIR}/tests/api/
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(api_${db} PROPERTIES
    ENVIRONMENT "${NODE_TEST_ENV};LAYAN_TEST_DB=${db}"
    TIMEOUT 900)
endforeach()
set_tests_properties(api_postgresql PROPERTIES FIXTURES_REQUIRED pg)

add_test(NAME browser
  COMMAND ${NODE_EXECUTABLE} --test --test-concurrency=1 --test-reporter=spec
          ${CMAKE_SOURCE_DIR}/tests/browser/
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(browser PROPERTIES
  ENVIRONMENT "${NODE_TEST_ENV};LAYAN_TEST_DB=sqlite"
  TIMEOUT 900)

add_test(NAME i18n
  COMMAND ${NODE_EXECUTABLE} --test ${CMAKE_SOURCE_DIR}/tests/static/
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
