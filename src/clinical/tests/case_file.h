// File: src/clinical/tests/case_file.h
// Reader of the clinician-readable response case files
// (tests/fixtures/clinical/cases/*.txt; the format is described at the top
// of tests/fixtures/clinical/cases/README.md). A case is one patient: the
// lesion table per visit, then the expected results written by hand from
// the rule book.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "pioneer/clinical/response.h"

namespace pioneer::clinical::testing {

struct Expectation {
  std::string key;    // recist, target, nontarget, new, sum, bor, orr, dcr, pfs, dor, ttr,
                      // os, irecist, ibor, icpd_day, sitc2020, sitc2023
  std::string value;  // as written
  int line = 0;
};

struct Case {
  std::string name;
  std::string file;
  int line = 0;
  Patient patient;
  nlohmann::json params = nlohmann::json::object();
  std::vector<Expectation> expectations;
};

namespace detail {

inline std::vector<std::string> Split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(text);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  if (!text.empty() && text.back() == sep) out.emplace_back();
  return out;
}

inline std::string Trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

inline std::vector<std::string> Words(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

struct Column {
  std::string id;
  LesionType type = LesionType::kTarget;
  NewLesionClass new_class = NewLesionClass::kTarget;
  bool node = false;
};

[[noreturn]] inline void Fail(const std::string& file, int line, const std::string& message) {
  throw std::runtime_error(file + ":" + std::to_string(line) + ": " + message);
}

inline int ToInt(const std::string& s, const std::string& file, int line) {
  try {
    std::size_t used = 0;
    const int v = std::stoi(s, &used);
    if (used == s.size()) return v;
  } catch (const std::exception&) {
  }
  Fail(file, line, "expected an integer: " + s);
}

inline bool IsNumber(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

// One table cell -> a lesion record; false when the lesion is not listed (".").
inline bool ReadCell(const Column& c, std::string cell, const std::string& file, int line,
                     Lesion* l) {
  if (cell == "." || cell.empty()) return false;
  l->id = c.id;
  l->type = c.type;
  l->node = c.node;
  l->new_class = c.new_class;
  if (cell.back() == '?') {
    l->equivocal = true;
    cell.pop_back();
  }
  if (cell.back() == '+') {
    l->increase_from_last = true;
    cell.pop_back();
  }
  if (cell == "NE")
    l->status = LesionStatus::kNotEvaluated;
  else if (cell == "TS")
    l->status = LesionStatus::kTooSmall;
  else if (cell == "absent")
    l->status = LesionStatus::kAbsent;
  else if (cell == "present")
    l->status = LesionStatus::kPresent;
  else if (cell == "UP")
    l->status = LesionStatus::kUnequivocalProgression;
  else if (cell[0] == '>') {
    l->status = LesionStatus::kMerged;
    l->merged_into = cell.substr(1);
  } else if (cell.find('+') != std::string::npos) {
    l->status = LesionStatus::kMeasured;
    for (const std::string& f : Split(cell, '+')) {
      if (!IsNumber(f)) Fail(file, line, "bad fragment list: " + cell);
      l->fragments_mm.push_back(std::stod(f));
    }
  } else if (IsNumber(cell)) {
    l->status = LesionStatus::kMeasured;
    l->diameter_mm = std::stod(cell);
  } else {
    Fail(file, line, "bad cell for lesion " + c.id + ": " + cell);
  }
  return true;
}

inline void ReadPatientLine(const std::string& rest, const std::string& file, int line,
                            Patient* p) {
  for (const std::string& w : Words(rest)) {
    const auto eq = w.find('=');
    if (eq == std::string::npos) Fail(file, line, "expected key=value: " + w);
    const std::string key = w.substr(0, eq), value = w.substr(eq + 1);
    if (key == "interval")
      p->assessment_interval_days = ToInt(value, file, line);
    else if (key == "exposure") {
      const auto dots = value.find("..");
      if (dots == std::string::npos) Fail(file, line, "exposure=FIRST..LAST");
      p->exposure_start_day = ToInt(value.substr(0, dots), file, line);
      p->exposure_end_day = ToInt(value.substr(dots + 2), file, line);
    } else if (key == "last_contact")
      p->last_contact_day = ToInt(value, file, line);
    else if (key == "death")
      p->death_day = ToInt(value, file, line);
    else if (key == "nact")
      p->nact_day = ToInt(value, file, line);
    else if (key == "rapid")
      p->rapid_clinical_progression = value == "yes";
    else if (key == "setting")
      p->setting =
          value == "perioperative" ? TreatmentSetting::kPerioperative : TreatmentSetting::kAdvanced;
    else
      Fail(file, line, "unknown patient key " + key);
  }
}

inline void ReadParams(const std::string& rest, const std::string& file, int line,
                       nlohmann::json* out) {
  for (const std::string& w : Words(rest)) {
    const auto eq = w.find('=');
    if (eq == std::string::npos) Fail(file, line, "expected key=value: " + w);
    const std::string key = w.substr(0, eq), value = w.substr(eq + 1);
    if (value == "true" || value == "false")
      (*out)[key] = value == "true";
    else if (IsNumber(value))
      (*out)[key] = std::stod(value);
    else
      (*out)[key] = value;
  }
}

inline std::vector<Column> ReadLesionLine(const std::string& rest, const std::string& file,
                                          int line) {
  std::vector<Column> columns;
  for (const std::string& w : Words(rest)) {
    const auto eq = w.find('=');
    if (eq == std::string::npos) Fail(file, line, "expected ID=type: " + w);
    Column c;
    c.id = w.substr(0, eq);
    const std::vector<std::string> parts = Split(w.substr(eq + 1), ':');
    const std::string& t = parts[0];
    if (t == "target")
      c.type = LesionType::kTarget;
    else if (t == "nontarget")
      c.type = LesionType::kNonTarget;
    else if (t == "new")
      c.type = LesionType::kNew;
    else
      Fail(file, line, "unknown lesion type " + t);
    for (std::size_t i = 1; i < parts.size(); ++i) {
      if (parts[i] == "node")
        c.node = true;
      else if (parts[i] == "target")
        c.new_class = NewLesionClass::kTarget;
      else if (parts[i] == "nontarget")
        c.new_class = NewLesionClass::kNonTarget;
      else
        Fail(file, line, "unknown lesion flag " + parts[i]);
    }
    columns.push_back(c);
  }
  return columns;
}

}  // namespace detail

inline std::vector<Case> ReadCaseFile(const std::string& path) {
  using namespace detail;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<Case> cases;
  std::vector<Column> kinds, header;
  std::string text;
  int line = 0;
  while (std::getline(in, text)) {
    ++line;
    const std::string t = Trim(text);
    if (t.empty() || t[0] == '#') continue;
    if (t.rfind("===", 0) == 0) {
      cases.emplace_back();
      cases.back().name = Trim(t.substr(3));
      cases.back().file = path;
      cases.back().line = line;
      cases.back().patient.id = cases.back().name.substr(0, cases.back().name.find(':'));
      kinds.clear();
      header.clear();
      continue;
    }
    if (cases.empty()) Fail(path, line, "text before the first === case");
    Case& c = cases.back();
    const auto colon = t.find(':');
    const std::string head = colon == std::string::npos ? "" : t.substr(0, colon);
    const std::string rest = colon == std::string::npos ? "" : t.substr(colon + 1);
    if (t.find('|') != std::string::npos) {
      std::vector<std::string> cells = Split(t, '|');
      for (std::string& cell : cells) cell = Trim(cell);
      if (cells[0] == "day") {
        header.clear();
        for (std::size_t i = 1; i < cells.size(); ++i) {
          const auto it = std::find_if(kinds.begin(), kinds.end(),
                                       [&](const Column& k) { return k.id == cells[i]; });
          if (it == kinds.end()) Fail(path, line, "column " + cells[i] + " not in lesions:");
          header.push_back(*it);
        }
        continue;
      }
      if (cells.size() != header.size() + 1) Fail(path, line, "row has the wrong number of cells");
      const std::vector<std::string> first = Words(cells[0]);
      if (first.empty()) Fail(path, line, "row without a day");
      Visit v;
      v.day = ToInt(first[0], path, line);
      for (std::size_t i = 1; i < first.size(); ++i) {
        if (first[i] == "B")
          v.baseline = true;
        else if (first[i] == "ND")
          v.not_done = true;
        else
          Fail(path, line, "day flags are B (baseline) and ND (not done)");
      }
      for (std::size_t i = 0; i < header.size(); ++i) {
        Lesion l;
        if (ReadCell(header[i], cells[i + 1], path, line, &l)) v.lesions.push_back(l);
      }
      c.patient.visits.push_back(v);
    } else if (head == "rules" || head == "why") {
      continue;  // documentation for the reader
    } else if (head == "patient") {
      ReadPatientLine(rest, path, line, &c.patient);
    } else if (head == "params") {
      ReadParams(rest, path, line, &c.params);
    } else if (head == "lesions") {
      kinds = ReadLesionLine(rest, path, line);
    } else if (t.rfind("expect ", 0) == 0 && colon != std::string::npos) {
      c.expectations.push_back({Trim(t.substr(7, colon - 7)), Trim(rest), line});
    } else {
      Fail(path, line, "cannot read this line");
    }
  }
  return cases;
}

inline std::string Normalise(const std::string& text) {
  std::string out;
  for (const std::string& w : detail::Words(text)) out += (out.empty() ? "" : " ") + w;
  return out;
}

inline std::string Num(double v) {
  std::ostringstream o;
  o << v;
  return o.str();
}

inline std::string Actual(const std::string& key, const PatientResult& r) {
  std::string out;
  auto add = [&](std::string_view w) { out += (out.empty() ? "" : " ") + std::string(w); };
  auto opt = [](const std::optional<int>& v) {
    return v ? std::to_string(*v) : std::string("none");
  };
  const RecistResult& rc = r.recist;
  if (key == "recist")
    for (const auto& t : rc.timepoints) add(Name(t.overall));
  else if (key == "target")
    for (const auto& t : rc.timepoints)
      add(t.overall == OverallResponse::kNA ? "NA" : Name(t.target));
  else if (key == "nontarget")
    for (const auto& t : rc.timepoints)
      add(t.overall == OverallResponse::kNA ? "NA" : Name(t.nontarget));
  else if (key == "new")
    for (const auto& t : rc.timepoints)
      add(t.overall == OverallResponse::kNA ? "NA" : t.new_lesion ? "y" : "n");
  else if (key == "sum")
    for (const auto& t : rc.timepoints) add(t.sum_mm ? Num(*t.sum_mm) : "-");
  else if (key == "bor")
    out = std::string(Name(rc.bor_unconfirmed)) + "/" + std::string(Name(rc.bor_confirmed));
  else if (key == "orr")
    out = rc.orr_confirmed ? "yes" : "no";
  else if (key == "dcr")
    out = rc.dcr_confirmed ? "yes" : "no";
  else if (key == "pfs")
    out = (rc.pfs.event ? "event " : "censored ") + std::to_string(rc.pfs.day) + " " +
          std::string(Name(rc.pfs.reason));
  else if (key == "dor") {
    if (!rc.dor)
      out = "none";
    else
      out = std::to_string(rc.dor->start_day) + ".." + std::to_string(rc.dor->end_day) +
            (rc.dor->event ? " event " : " censored ") + std::string(Name(rc.dor->reason)) + " " +
            std::to_string(rc.dor->days) + "d";
  } else if (key == "ttr")
    out = opt(rc.ttr_days);
  else if (key == "os")
    out = (r.os.event ? "event " : "censored ") + std::to_string(r.os.day);
  else if (key == "irecist")
    for (const auto& t : r.irecist.timepoints) add(Name(t.overall));
  else if (key == "ibor")
    out = std::string(Name(r.irecist.ibor_unconfirmed)) + "/" +
          std::string(Name(r.irecist.ibor_confirmed));
  else if (key == "icpd_day")
    out = opt(r.irecist.icpd_progression_day);
  else if (key == "sitc2020")
    out = std::string(Name(r.sitc_2020.sitc_class)) + " " + opt(r.sitc_2020.progression_day) + " " +
          std::string(Name(r.sitc_2020.reason));
  else if (key == "sitc2023")
    out = std::string(Name(r.sitc_2023_ici_chemo.sitc_class)) + " " +
          opt(r.sitc_2023_ici_chemo.progression_day);
  else
    out = "unknown key " + key;
  return out;
}

}  // namespace pioneer::clinical::testing
