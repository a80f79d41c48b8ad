// Text folding and term splitting for the service search (declared in
// catalogue/service.hpp). Pure functions; no ICU: the catalogue is written in
// Indonesian and English, so Latin letters are folded by table and other
// scripts pass through unchanged.
#include <string>
#include <vector>

#include "catalogue/service.hpp"
#include "core/utf8.hpp"

namespace layan::catalogue {
namespace {

struct Fold {
  char32_t first, last;
  const char* to;
};

// Latin-1 Supplement and Latin Extended-A letters to their base letters.
// Upper and lower case alternate inside each Latin Extended-A range, so one
// range covers both.
constexpr Fold kFolds[] = {
    {0xC0, 0xC5, "a"},   {0xC6, 0xC6, "ae"},  {0xC7, 0xC7, "c"},   {0xC8, 0xCB, "e"},    {0xCC, 0xCF, "i"},
    {0xD0, 0xD0, "d"},   {0xD1, 0xD1, "n"},   {0xD2, 0xD6, "o"},   {0xD8, 0xD8, "o"},    {0xD9, 0xDC, "u"},
    {0xDD, 0xDD, "y"},   {0xDE, 0xDE, "th"},  {0xDF, 0xDF, "ss"},  {0xE0, 0xE5, "a"},    {0xE6, 0xE6, "ae"},
    {0xE7, 0xE7, "c"},   {0xE8, 0xEB, "e"},   {0xEC, 0xEF, "i"},   {0xF0, 0xF0, "d"},    {0xF1, 0xF1, "n"},
    {0xF2, 0xF6, "o"},   {0xF8, 0xF8, "o"},   {0xF9, 0xFC, "u"},   {0xFD, 0xFD, "y"},    {0xFE, 0xFE, "th"},
    {0xFF, 0xFF, "y"},   {0x100, 0x105, "a"}, {0x106, 0x10D, "c"}, {0x10E, 0x111, "d"},  {0x112, 0x11B, "e"},
    {0x11C, 0x123, "g"}, {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x132, 0x133, "ij"}, {0x134, 0x135, "j"},
    {0x136, 0x138, "k"}, {0x139, 0x142, "l"}, {0x143, 0x14B, "n"}, {0x14C, 0x151, "o"},  {0x152, 0x153, "oe"},
    {0x154, 0x159, "r"}, {0x15A, 0x161, "s"}, {0x162, 0x167, "t"}, {0x168, 0x173, "u"},  {0x174, 0x175, "w"},
    {0x176, 0x178, "y"}, {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"},
};

bool is_combining_mark(char32_t cp) {
  return cp >= 0x300 && cp <= 0x36F;
}

// Letters and digits of a folded text. Outside ASCII this is a block-level
// approximation: punctuation, symbol, emoji and control blocks separate
// terms; everything else (letters of other scripts) is part of a term.
bool is_term_char(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9');
  if (cp == kInvalidCodePoint || cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // punctuation, symbols, arrows, math, shapes
  if (cp >= 0x2E00 && cp <= 0x2E7F) return false;  // supplemental punctuation
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK symbols and punctuation
  if (cp >= 0xFE10 && cp <= 0xFE6F) return false;  // vertical and small forms
  if (cp >= 0xFF00 && cp <= 0xFF0F) return false;  // full-width punctuation
  if ((cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65)) {
    return false;
  }
  if (cp == 0xFEFF) return false;                    // byte order mark
  if (cp >= 0xFFF0 && cp <= 0xFFFF) return false;    // specials
  if (cp >= 0x1F000 && cp <= 0x1FAFF) return false;  // emoji and pictographs
  if (cp >= 0xE0000) return false;                   // tags, variation selectors, private use
  return true;
}

}  // namespace

std::string fold_for_search(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t cp = next_code_point(text, i);
    if (cp == kInvalidCodePoint) {
      out += ' ';  // never store or query invalid UTF-8
    } else if (cp < 0x80) {
      out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
    } else if (is_combining_mark(cp)) {
      // Decomposed accents ("e" + U+0301) fold like precomposed ones.
    } else {
      const char* to = nullptr;
      for (const auto& f : kFolds) {
        if (cp >= f.first && cp <= f.last) to = f.to;
      }
      if (to) {
        out += to;
      } else {
        append_utf8(out, cp);
      }
    }
  }
  return out;
}

std::vector<std::string> search_terms(const std::string& text) {
  std::vector<std::string> terms;
  std::string folded = fold_for_search(text), term;
  for (size_t i = 0; i < folded.size();) {
    size_t start = i;
    char32_t cp = next_code_point(folded, i);
    if (is_term_char(cp)) {
      term.append(folded, start, i - start);
    } else if (!term.empty()) {
      terms.push_back(std::move(term));
      term.clear();
    }
  }
  if (!term.empty()) terms.push_back(std::move(term));
  return terms;
}

}  // namespace layan::catalogue
