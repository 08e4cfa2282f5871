// FCS reader against fixtures of the independent numpy reader
// (tests/reference/fcs_reference.py) on the two real files, the FCS 3.1
// writer round trip, and hand-built images for escaping, byte orders,
// masks and every kind of broken file.
#include "pioneer/cytometry/fcs.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "pioneer/core/error.h"
#include "pioneer/core/output.h"

namespace pioneer::cytometry {
namespace {

constexpr double kLinearizedRelTol = 1e-12;  // pow() in C++ vs numpy
constexpr double kColumnSumRelTol = 1e-10;   // summation order differs

std::string DataPath(const std::string& name) {
  return std::string(PIONEER_SHARED_DATA) + "/cytometry/" + name;
}

nlohmann::json Fixture(const std::string& stem) {
  return nlohmann::json::parse(core::ReadFile(std::string(PIONEER_SOURCE_DIR) +
                                              "/tests/fixtures/cytometry/" + stem + ".json"));
}

FcsReadOptions NoLinearize() {
  FcsReadOptions o;
  o.linearize = false;
  return o;
}

void ExpectClose(double expected, double actual, double rel, const std::string& what) {
  EXPECT_LE(std::abs(expected - actual), rel * std::max(1.0, std::abs(expected))) << what;
}

void CheckAgainstFixture(const std::string& file, const std::string& stem) {
  const nlohmann::json fx = Fixture(stem);
  const FcsData raw = ReadFcs(DataPath(file), NoLinearize());
  const FcsData lin = ReadFcs(DataPath(file));
  EXPECT_EQ(raw.version, fx["version"]);
  ASSERT_EQ(raw.events, fx["events"].get<std::size_t>());
  ASSERT_EQ(raw.parameters.size(), fx["parameters"].size());
  for (std::size_t j = 0; j < raw.parameters.size(); ++j) {
    const auto& p = fx["parameters"][j];
    EXPECT_EQ(raw.parameters[j].name, p["name"]);
    if (p["description"].is_null())
      EXPECT_FALSE(raw.parameters[j].description) << j;
    else
      EXPECT_EQ(raw.parameters[j].description.value_or("<none>"), p["description"]);
    EXPECT_EQ(raw.parameters[j].range, p["range"].get<double>());
    EXPECT_EQ(raw.parameters[j].bits, p["bits"].get<int>());
  }
  ASSERT_EQ(raw.keywords.size(), fx["keywords"].size());
  for (const auto& [k, v] : raw.keywords) {
    ASSERT_TRUE(fx["keywords"].contains(k)) << k;
    EXPECT_EQ(v, fx["keywords"][k].get<std::string>()) << k;
  }
  if (fx["spillover"].is_null()) {
    EXPECT_FALSE(raw.spillover);
  } else {
    ASSERT_TRUE(raw.spillover);
    EXPECT_EQ(raw.spillover->keyword, fx["spillover"]["keyword"]);
    EXPECT_EQ(raw.spillover->channels, fx["spillover"]["channels"].get<std::vector<std::string>>());
    EXPECT_EQ(raw.spillover->matrix,
              fx["spillover"]["matrix"].get<std::vector<std::vector<double>>>());
  }
  const std::size_t n = raw.events, p = raw.n_parameters();
  for (std::size_t k = 0; k < 3; ++k) {
    for (std::size_t j = 0; j < p; ++j) {
      EXPECT_EQ(raw.at(k, j), fx["first_events"][k][j].get<double>()) << k << "," << j;
      EXPECT_EQ(raw.at(n - 3 + k, j), fx["last_events"][k][j].get<double>()) << k << "," << j;
      ExpectClose(fx["first_events_linearized"][k][j], lin.at(k, j), kLinearizedRelTol,
                  "first linearized");
      ExpectClose(fx["last_events_linearized"][k][j], lin.at(n - 3 + k, j), kLinearizedRelTol,
                  "last linearized");
    }
  }
  for (std::size_t j = 0; j < p; ++j) {
    double sum = 0;
    for (std::size_t e = 0; e < n; ++e) sum += lin.at(e, j);
    ExpectClose(fx["column_sums_linearized"][j], sum, kColumnSumRelTol,
                "column sum " + std::to_string(j));
  }
}

TEST(FcsReader, FlowSomExampleFcs30FloatWithSpill) {
  CheckAgainstFixture("flowsom_68983.fcs", "flowsom_68983");
}

TEST(FcsReader, FacsCaliburFcs20IntegerWithEmptyValues) {
  CheckAgainstFixture("flowcore_0877408774.B08.fcs", "flowcore_0877408774.B08");
  const FcsData d = ReadFcs(DataPath("flowcore_0877408774.B08.fcs"), NoLinearize());
  EXPECT_EQ(*d.Keyword("$p3s"), "");  // "$P3S\\$P4S": empty value, not an escape
  EXPECT_FALSE(d.parameters[2].description);
  EXPECT_EQ(d.parameters[2].log_decades, 4);
  EXPECT_EQ(d.FindParameter("Time (51.20 sec.)"), std::size_t{7});
}

TEST(FcsWriter, RoundTripOfTheRealFile) {
  const FcsData a = ReadFcs(DataPath("flowsom_68983.fcs"));
  const std::string image = WriteFcs(a);
  ASSERT_EQ(image.substr(0, 6), "FCS3.1");
  const FcsData b =
      ParseFcs({reinterpret_cast<const std::uint8_t*>(image.data()), image.size()}, "mem");
  EXPECT_EQ(b.events, a.events);
  EXPECT_EQ(b.values, a.values);  // float data: exact
  ASSERT_TRUE(b.spillover);
  EXPECT_EQ(b.spillover->keyword, "$SPILLOVER");
  EXPECT_EQ(b.spillover->channels, a.spillover->channels);
  EXPECT_EQ(b.spillover->matrix, a.spillover->matrix);
  for (std::size_t j = 0; j < a.n_parameters(); ++j) {
    EXPECT_EQ(b.parameters[j].name, a.parameters[j].name);
    EXPECT_EQ(b.parameters[j].description, a.parameters[j].description);
    EXPECT_EQ(b.parameters[j].range, a.parameters[j].range);
  }
  EXPECT_EQ(*b.Keyword("$SRC"), "T-B-NKT-NK staining BAL");
  // Writing again gives the same bytes.
  EXPECT_EQ(WriteFcs(b), image);
}

FcsData Small(std::size_t events, std::size_t params) {
  FcsData d;
  for (std::size_t j = 0; j < params; ++j) {
    FcsParameter p;
    p.name = "Ch" + std::to_string(j + 1);
    p.range = 1024;
    d.parameters.push_back(p);
  }
  d.events = events;
  for (std::size_t i = 0; i < events * params; ++i)
    d.values.push_back(0.1 * static_cast<double>(i) - 3.3);
  return d;
}

FcsData Parse(const std::string& image, FcsReadOptions options = {}) {
  return ParseFcs({reinterpret_cast<const std::uint8_t*>(image.data()), image.size()}, "test.fcs",
                  options);
}

TEST(FcsWriter, DoubleRoundTripIsExactAndEscapesDelimiters) {
  FcsData d = Small(5, 3);
  d.parameters[1].description = "CD3|CD28";  // the writer's delimiter inside a value
  d.keywords.emplace_back("MYKEY", "a||b|");
  const FcsData back = Parse(WriteFcs(d, FcsWriteType::kDouble));
  EXPECT_EQ(back.values, d.values);
  EXPECT_EQ(back.parameters[1].description, "CD3|CD28");
  ASSERT_NE(back.Keyword("MYKEY"), nullptr);
  EXPECT_EQ(*back.Keyword("MYKEY"), "a||b|");
  EXPECT_EQ(back.FindParameter("CD3|CD28"), std::size_t{1});
}

TEST(FcsWriter, ZeroEvents) {
  const FcsData back = Parse(WriteFcs(Small(0, 2)));
  EXPECT_EQ(back.events, 0u);
  EXPECT_TRUE(back.values.empty());
}

// A hand-made image: HEADER with the given offsets (TEXT right after it,
// DATA right after TEXT unless `zero_data_offsets`).
std::string Image(const std::string& version, const std::string& text, const std::string& data,
                  bool zero_data_offsets = false) {
  const std::size_t tb = 58, te = tb + text.size() - 1, db = te + 1, de = db + data.size() - 1;
  auto f = [](std::size_t v) {
    std::string s = std::to_string(v);
    return std::string(8 - s.size(), ' ') + s;
  };
  return version + "    " + f(tb) + f(te) + (zero_data_offsets ? f(0) + f(0) : f(db) + f(de)) +
         f(0) + f(0) + text + data;
}

TEST(FcsReader, IntegerWidthsByteOrdersAndRangeMasks) {
  // Two parameters: 16-bit little-endian with $P1R 1024 (mask 1023) and
  // 32-bit with $P2R 100 (mask 127).
  std::string data;
  auto put = [&](std::uint64_t v, int bytes) {
    for (int k = 0; k < bytes; ++k) data.push_back(static_cast<char>((v >> (8 * k)) & 0xff));
  };
  put(0xFC05, 2), put(0x1FF, 4);  // 0xFC05 & 1023 = 5; 0x1FF & 127 = 127
  put(1023, 2), put(42, 4);
  const std::string text =
      "/$BYTEORD/1,2,3,4/$DATATYPE/I/$MODE/L/$PAR/2/$TOT/2/$P1B/16/$P1R/1024/$P1N/A/"
      "$P2B/32/$P2R/100/$P2N/B/";
  const FcsData d = Parse(Image("FCS3.0", text, data));
  EXPECT_EQ(d.values, (std::vector<double>{5, 127, 1023, 42}));
}

TEST(FcsReader, BigEndianDoubleAndDataOffsetsFromKeywords) {
  std::string data;
  for (double v : {1.5, -2.25}) {
    const auto w = std::bit_cast<std::uint64_t>(v);
    for (int k = 7; k >= 0; --k) data.push_back(static_cast<char>((w >> (8 * k)) & 0xff));
  }
  // HEADER data offsets are 0 (as for segments beyond 99,999,999 bytes).
  std::string text =
      "/$BYTEORD/4,3,2,1/$DATATYPE/D/$PAR/1/$TOT/2/$P1B/64/$P1R/1/$P1N/X/$BEGINDATA/000/$ENDDATA/"
      "000/";
  const std::size_t begin = 58 + text.size();
  text = "/$BYTEORD/4,3,2,1/$DATATYPE/D/$PAR/1/$TOT/2/$P1B/64/$P1R/1/$P1N/X/$BEGINDATA/" +
         std::to_string(begin) + "/$ENDDATA/" + std::to_string(begin + 15) + "/";
  const FcsData d = Parse(Image("FCS3.1", text, data, true));
  EXPECT_EQ(d.values, (std::vector<double>{1.5, -2.25}));
  EXPECT_EQ(d.parameters[0].name, "X");
}

TEST(FcsReader, HeaderDataEndZeroedBeyond8DigitsUsesKeywords) {
  // Data begins early (fits in the HEADER) but ends beyond 99,999,999: the
  // writer zeroes only the end offset. Simulated with a small segment.
  std::string data(8, '\0');
  std::string text =
      "/$BYTEORD/1,2,3,4/$DATATYPE/F/$PAR/1/$TOT/2/$P1B/32/$P1R/1/$BEGINDATA/0000/$ENDDATA/0000/";
  const std::size_t begin = 58 + text.size();
  auto pad4 = [](std::size_t v) {  // same width as the placeholders
    std::string t = std::to_string(v);
    return t + std::string(4 - t.size(), ' ');
  };
  text = "/$BYTEORD/1,2,3,4/$DATATYPE/F/$PAR/1/$TOT/2/$P1B/32/$P1R/1/$BEGINDATA/" + pad4(begin) +
         "/$ENDDATA/" + pad4(begin + 7) + "/";
  ASSERT_EQ(58 + text.size(), begin);
  std::string image = Image("FCS3.1", text, data);
  image.replace(34, 8, "       0");  // HEADER data end zeroed
  const FcsData d = Parse(image);
  EXPECT_EQ(d.events, 2u);
}

TEST(FcsReader, MissingNameBecomesPnAndCompWithoutNames) {
  std::string data(8, '\0');
  const std::string text =
      "/$BYTEORD/1,2,3,4/$DATATYPE/F/$PAR/2/$TOT/1/$P1B/32/$P1R/1/$P2B/32/$P2R/1/$P2N/Y/"
      "$COMP/2,1,0.1,0.2,1/";
  const FcsData d = Parse(Image("FCS3.0", text, data));
  EXPECT_EQ(d.parameters[0].name, "P1");
  ASSERT_TRUE(d.spillover);
  EXPECT_EQ(d.spillover->channels, (std::vector<std::string>{"P1", "Y"}));
  EXPECT_EQ(d.spillover->matrix[0][1], 0.1);
}

void ExpectInputError(const std::string& image, const std::string& fragment) {
  try {
    Parse(image);
    ADD_FAILURE() << "no error for " << fragment;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    EXPECT_EQ(e.diagnostics().front().file, "test.fcs");
    EXPECT_EQ(ExitCodeFor(e), 2);
  }
}

TEST(FcsReader, BrokenFilesGiveClearErrors) {
  const std::string good = WriteFcs(Small(4, 2));
  ExpectInputError("", "truncated HEADER");
  ExpectInputError(good.substr(0, 30), "truncated HEADER");
  ExpectInputError("FCS9.9" + good.substr(6), "not an FCS");
  ExpectInputError(good.substr(0, 100), "TEXT segment");                            // TEXT cut
  ExpectInputError(good.substr(0, good.size() - 8 - 5), "truncated file or $TOT");  // DATA cut
  std::string bad_offset = good;
  bad_offset.replace(10, 8, "     abc");
  ExpectInputError(bad_offset, "byte 10: HEADER offset");
  std::string tot = good;
  tot.replace(tot.find("$TOT|4"), 6, "$TOT|9");
  ExpectInputError(tot, "$TOT");
  std::string dtype = good;
  dtype.replace(dtype.find("$DATATYPE|F"), 11, "$DATATYPE|A");
  ExpectInputError(dtype, "keyword $DATATYPE");
  std::string par = good;
  par.replace(par.find("$PAR|2"), 6, "$PXR|2");
  ExpectInputError(par, "required keyword $PAR");
  std::string range = good;
  range.replace(range.find("$P1R|1024"), 9, "$P1R|10x4");
  ExpectInputError(range, "keyword $P1R: expected a number");
}

TEST(FcsReader, MissingFileIsNotFound) {
  try {
    ReadFcs("/nonexistent/x.fcs");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
  }
}

}  // namespace
}  // namespace pioneer::cytometry
