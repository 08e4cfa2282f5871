// The store and the file layouts together: a study written out (pioneer
// layout as TSV text, or SDTM), built again with study::BuildStudy and
// appended to a new store loads back identical; and a second import that
// only refers to stored subjects (BuildStudy with `existing`) appends.
#include <gtest/gtest.h>

#include "pioneer/io/delimited.h"
#include "pioneer/store/study_store.h"
#include "pioneer/study/layout.h"
#include "study_fixture.h"

namespace pioneer::store {
namespace {

using testing::Describe;
using testing::MakeStudy;
using testing::TempDir;

study::Pseudonymiser TestPseudonymiser() {
  study::Pseudonymiser::Key key{};
  key.fill(7);
  return study::Pseudonymiser(key);
}

std::vector<core::Table> AsTsvFiles(const std::vector<study::NamedTable>& named) {
  std::vector<core::Table> out;
  for (const study::NamedTable& t : named) {
    out.push_back(io::ParseDelimited(io::FormatDelimited(t.table, '\t'), t.name + ".tsv"));
  }
  return out;
}

TEST(LayoutRoundTrip, ExportThenImportIntoANewStoreGivesTheSameLoad) {
  TempDir dir;
  const auto pseudonymiser = TestPseudonymiser();
  StudyStore first = StudyStore::Open(dir / "a.sqlite", OpenMode::kCreate);
  first.Append(MakeStudy(), pseudonymiser.KeyFingerprint(), {});
  const study::Study loaded = first.Load();

  const study::Study rebuilt =
      study::BuildStudy(AsTsvFiles(study::ToPioneerLayout(loaded)), pseudonymiser);
  StudyStore second = StudyStore::Open(dir / "b.sqlite", OpenMode::kCreate);
  second.Append(rebuilt, pseudonymiser.KeyFingerprint(), {});
  EXPECT_EQ(Describe(second.Load()), Describe(loaded));
  EXPECT_TRUE(second.Load() == MakeStudy());
}

TEST(LayoutRoundTrip, SdtmExportImportsBackIntoTheStore) {
  TempDir dir;
  const auto pseudonymiser = TestPseudonymiser();
  std::vector<core::Table> tables;
  for (const study::NamedTable& t : study::ToSdtm(MakeStudy())) tables.push_back(t.table);
  StudyStore store = StudyStore::Open(dir / "s.sqlite", OpenMode::kCreate);
  store.Append(study::BuildStudy(tables, pseudonymiser), pseudonymiser.KeyFingerprint(), {});
  EXPECT_EQ(Describe(store.Load()), Describe(MakeStudy()));
}

TEST(LayoutRoundTrip, LaterImportRefersToStoredSubjects) {
  TempDir dir;
  const auto pseudonymiser = TestPseudonymiser();
  const study::Study all = MakeStudy();
  study::Study subjects_only;
  subjects_only.name = all.name;
  subjects_only.arms = all.arms;
  subjects_only.subjects = all.subjects;
  StudyStore store = StudyStore::Open(dir / "s.sqlite", OpenMode::kCreate);
  store.Append(subjects_only, pseudonymiser.KeyFingerprint(), {});

  study::Study rest = all;
  rest.arms.clear();
  rest.subjects.clear();
  std::vector<core::Table> tables;
  for (const study::NamedTable& t : study::ToPioneerLayout(rest)) tables.push_back(t.table);
  const study::Study added = study::BuildStudy(tables, pseudonymiser, store.Load());
  store.Append(added, pseudonymiser.KeyFingerprint(), {});
  EXPECT_EQ(Describe(store.Load()), Describe(all));
}

}  // namespace
}  // namespace pioneer::store
