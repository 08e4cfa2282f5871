// The contract between `pioneer simulate` and `pioneer import`: everything
// the simulator writes (study::ToSdtm rendered by io::FormatDelimited) is
// byte-identical for a seed and is accepted by study::BuildStudy, which gives
// the same records back.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "pioneer/io/delimited.h"
#include "pioneer/sim/simulate.h"
#include "pioneer/study/layout.h"

namespace pioneer::sim {
namespace {

struct File {
  std::string name;
  std::string text;
};

std::vector<File> Files(const SimulationOptions& options) {
  std::vector<File> out;
  for (const study::NamedTable& t : study::ToSdtm(SimulateStudy(options))) {
    out.push_back({t.name + ".csv", io::FormatDelimited(t.table, ',')});
  }
  return out;
}

SimulationOptions Small(std::uint64_t seed) {
  SimulationOptions options;
  options.cohort.patients = 90;
  options.cohort.seed = seed;
  options.mouse.seed = seed;
  return options;
}

TEST(SimulateSdtm, SameSeedGivesByteIdenticalFiles) {
  const auto a = Files(Small(5));
  const auto b = Files(Small(5));
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].name, b[i].name);
    EXPECT_EQ(a[i].text, b[i].text) << a[i].name;
  }
  const auto c = Files(Small(6));
  bool any_difference = false;
  for (std::size_t i = 0; i < std::min(a.size(), c.size()); ++i) {
    any_difference |= a[i].text != c[i].text;
  }
  EXPECT_TRUE(any_difference);
}

TEST(SimulateSdtm, WritesTheSdtmDomainsWithTheirStandardVariables) {
  const study::Study s = SimulateStudy(Small(5));
  const auto tables = study::ToSdtm(s);
  auto find = [&](const std::string& name) -> const core::Table* {
    for (const auto& t : tables) {
      if (t.name == name) return &t.table;
    }
    return nullptr;
  };
  for (const std::string domain : {"dm", "ex", "tu", "tr", "rs", "ae", "lb", "ds"}) {
    ASSERT_NE(find(domain), nullptr) << domain;
    EXPECT_TRUE(find(domain)->Find("USUBJID").has_value()) << domain;
    EXPECT_GT(find(domain)->rows(), 0u) << domain;
  }
  for (const std::string column : {"ARM", "ARMCD", "AGE", "SEX", "RFSTDTC"}) {
    EXPECT_TRUE(find("dm")->Find(column).has_value()) << column;
  }
  EXPECT_TRUE(find("tr")->Find("TRSTRESN").has_value());
  EXPECT_EQ(find("dm")->rows(), 90u);
}

TEST(SimulateSdtm, ImportAcceptsEverythingSimulateWrites) {
  const SimulationOptions options = Small(5);
  const study::Study original = SimulateStudy(options);
  std::vector<core::Table> tables;
  for (const File& f : Files(options)) tables.push_back(io::ParseDelimited(f.text, f.name));
  study::Pseudonymiser::Key key{};
  key.fill(7);
  const study::Study imported = study::BuildStudy(tables, study::Pseudonymiser(key));
  EXPECT_EQ(imported.subjects.size(), original.subjects.size());
  EXPECT_EQ(imported.arms.size(), original.arms.size());
  EXPECT_EQ(imported.exposures.size(), original.exposures.size());
  EXPECT_EQ(imported.lesions.size(), original.lesions.size());
  EXPECT_EQ(imported.measurements.size(), original.measurements.size());
  EXPECT_EQ(imported.responses.size(), original.responses.size());
  EXPECT_EQ(imported.adverse_events.size(), original.adverse_events.size());
  EXPECT_EQ(imported.samples.size(), original.samples.size());
  EXPECT_EQ(imported.assay_results.size(), original.assay_results.size());
  EXPECT_EQ(imported.dispositions.size(), original.dispositions.size());
  EXPECT_EQ(imported.animals.size(), original.animals.size());
  std::set<std::int32_t> deaths_original, deaths_imported;
  for (const auto& x : original.subjects) deaths_original.insert(x.death_day.value_or(-1));
  for (const auto& x : imported.subjects) deaths_imported.insert(x.death_day.value_or(-1));
  EXPECT_EQ(deaths_original, deaths_imported);
  for (const auto& x : imported.subjects) EXPECT_TRUE(study::Pseudonymiser::IsPseudonym(x.id));
  // Record by record, once the raw ids are replaced by their pseudonyms.
  const study::Pseudonymiser pseudonymiser(key);
  study::Study expected = original;
  for (auto& x : expected.subjects) x.id = pseudonymiser.Pseudonym(x.id);
  for (auto& m : expected.measurements) m.subject_id = pseudonymiser.Pseudonym(m.subject_id);
  for (auto& a : expected.adverse_events) a.subject_id = pseudonymiser.Pseudonym(a.subject_id);
  for (auto& x : expected.samples) {
    x.sample_id = pseudonymiser.SamplePseudonym(x.sample_id);
    x.subject_id = pseudonymiser.Pseudonym(x.subject_id);
  }
  for (auto& a : expected.assay_results) a.sample_id = pseudonymiser.SamplePseudonym(a.sample_id);
  EXPECT_TRUE(imported.samples == expected.samples);
  EXPECT_TRUE(imported.assay_results == expected.assay_results);
  EXPECT_TRUE(imported.subjects == expected.subjects);
  EXPECT_TRUE(imported.measurements == expected.measurements);
  EXPECT_TRUE(imported.adverse_events == expected.adverse_events);
  EXPECT_TRUE(imported.animals == expected.animals);
}

// Issue 14: an id that embeds the subject id pairs every pseudonym with its
// raw id; the simulator builds none (import would refuse them).
TEST(SimulateSdtm, NoIdentifierEmbedsASubjectId) {
  const study::Study s = SimulateStudy(Small(5));
  for (const study::Subject& subject : s.subjects) {
    for (const study::Sample& x : s.samples)
      EXPECT_EQ(x.sample_id.find(subject.id), std::string::npos);
    for (const study::Lesion& x : s.lesions)
      EXPECT_EQ(x.lesion_id.find(subject.id), std::string::npos);
    for (const study::AnimalMeasurement& x : s.animals)
      EXPECT_EQ(x.animal.find(subject.id), std::string::npos);
  }
  EXPECT_FALSE(s.samples.empty());
}

}  // namespace
}  // namespace pioneer::sim
