#include "pioneer/core/option_spec.h"

#include <gtest/gtest.h>

#include "pioneer/core/enum_names.h"
#include "pioneer/core/error.h"

namespace pioneer::core {
namespace {

TEST(OptionSpec, IntegerRangeAndTypeInOneMessageShape) {
  const OptionSpec folds = OptionSpec::Integer("folds", "folds").Default(10).Range(2, 100);
  EXPECT_EQ(folds.Problem(10, "folds"), "");
  EXPECT_EQ(folds.Problem(1, "folds"),
            "invalid value '1' for folds; allowed: an integer from 2 to 100");
  EXPECT_EQ(folds.Problem(2.5, "--folds"),
            "invalid value '2.5' for --folds; allowed: an integer from 2 to 100");
  EXPECT_EQ(folds.Problem("ten", "folds"),
            "invalid value 'ten' for folds; allowed: an integer from 2 to 100");
  EXPECT_EQ(OptionSpec::Integer("n", "").Range(0, std::nullopt).Problem(-1, "n"),
            "invalid value '-1' for n; allowed: an integer >= 0");
}

TEST(OptionSpec, NumbersMustBeFiniteAndInRange) {
  const OptionSpec alpha = OptionSpec::Number("alpha", "").Range(0, 1);
  EXPECT_EQ(alpha.Problem(0.05, "alpha"), "");
  EXPECT_EQ(alpha.Problem(1, "alpha"), "");  // an integer JSON value is a number
  EXPECT_NE(alpha.Problem(1.5, "alpha"), "");
  EXPECT_NE(alpha.Problem(alpha.FromText("inf"), "alpha"), "");
  EXPECT_NE(alpha.Problem(alpha.FromText("nan"), "alpha"), "");
}

TEST(OptionSpec, EnumNamesTheAllowedSpellings) {
  const OptionSpec ties = OptionSpec::Enum("ties", {"efron", "breslow"}, "ties").Default("efron");
  EXPECT_EQ(ties.Problem("breslow", "ties"), "");
  EXPECT_EQ(ties.Problem("exact", "ties"),
            "unknown value 'exact' for ties; allowed: efron, breslow");
  EXPECT_EQ(ties.metavar, "efron|breslow");
}

TEST(OptionSpec, TextOfTheCommandLine) {
  EXPECT_EQ(OptionSpec::Integer("n", "").FromText("12"), 12);
  EXPECT_EQ(OptionSpec::Integer("n", "").FromText("12.5"),
            "12.5");  // kept as text: Problem reports it
  EXPECT_EQ(OptionSpec::Number("x", "").FromText("0.5"), 0.5);
  EXPECT_EQ(OptionSpec::List("a", "").FromText("a,,b"), nlohmann::json({"a", "b"}));
  EXPECT_EQ(OptionSpec::List("a", "").FromText(""), nlohmann::json::array());
  EXPECT_EQ(OptionSpec::Boolean("b", "").FromText("true"), true);
}

TEST(OptionSpec, SchemaEntryAndNames) {
  const OptionSpec mb =
      OptionSpec::Number("capture_mb", "size of the capture").Default(38.0).Unit("Mb");
  EXPECT_EQ(mb.Flag(), "--capture-mb");
  const nlohmann::json j = mb.ToJson();
  EXPECT_EQ(j["name"], "capture_mb");
  EXPECT_EQ(j["flag"], "--capture-mb");
  EXPECT_EQ(j["type"], "number");
  EXPECT_EQ(j["default"], 38.0);
  EXPECT_EQ(j["unit"], "Mb");
  EXPECT_TRUE(j["allowed"].is_null());
  EXPECT_EQ(mb.DefaultText(), "38.0");
  const std::vector<OptionSpec> specs = {mb};
  EXPECT_EQ(FindOption(specs, "capture-mb"), &specs[0]);
  EXPECT_EQ(FindOption(specs, "capture"), nullptr);
}

enum class Colour { kRed, kGreen };
constexpr EnumSpelling<Colour> kColourNames[] = {{Colour::kRed, "red"}, {Colour::kGreen, "green"}};

TEST(EnumNames, OneConversionEachWayAndOneError) {
  EXPECT_EQ(ParseEnum(kColourNames, "green", "colour"), Colour::kGreen);
  EXPECT_EQ(EnumName(kColourNames, Colour::kRed), "red");
  EXPECT_EQ(EnumSpellings(kColourNames), (std::vector<std::string>{"red", "green"}));
  try {
    ParseEnum(kColourNames, "blue", "colour");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "unknown value 'blue' for colour; allowed: red, green");
  }
}

}  // namespace
}  // namespace pioneer::core

namespace pioneer::core {
namespace {

enum class Shape { kSquare, kRound };
constexpr EnumSpelling<Shape> kShapeNames[] = {{Shape::kSquare, "square"},
                                               {Shape::kRound, "round"}};
struct Knobs {
  int folds = 10;
  double alpha = 0.5;
  Shape shape = Shape::kRound;
  std::vector<std::string> markers;
};

const OptionTable<Knobs>& KnobTable() {
  static const OptionTable<Knobs> table =
      OptionTable<Knobs>()
          .Add(OptionSpec::Integer("folds", "folds").Range(2, 100), &Knobs::folds)
          .Add(OptionSpec::Number("alpha", "mixing").Range(0, 1), &Knobs::alpha)
          .Add(OptionSpec::Enum("shape", {}, "shape"), &Knobs::shape, kShapeNames)
          .Add(OptionSpec::List("markers", "markers"), &Knobs::markers);
  return table;
}

TEST(OptionTable, DefaultsComeFromTheStructAndValuesAreCheckedByName) {
  const std::vector<OptionSpec> specs = KnobTable().Specs();
  ASSERT_EQ(specs.size(), 4u);
  EXPECT_EQ(specs[0].default_value, 10);
  EXPECT_EQ(specs[1].default_value, 0.5);
  EXPECT_EQ(specs[2].default_value, "round");
  EXPECT_EQ(specs[2].allowed, (std::vector<std::string>{"square", "round"}));
  EXPECT_EQ(specs[2].metavar, "square|round");
  EXPECT_EQ(specs[3].default_value, nlohmann::json::array());

  const Knobs k =
      KnobTable().Read({{"folds", 5}, {"shape", "square"}, {"markers", {"CD3"}}, {"other", 1}});
  EXPECT_EQ(k.folds, 5);
  EXPECT_EQ(k.alpha, 0.5);
  EXPECT_EQ(k.shape, Shape::kSquare);
  EXPECT_EQ(k.markers, (std::vector<std::string>{"CD3"}));
  EXPECT_EQ(KnobTable().ToJson(k)["shape"], "square");
  try {
    KnobTable().Read({{"shape", "oval"}});
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "unknown value 'oval' for shape; allowed: square, round");
  }
  EXPECT_THROW(KnobTable().Read({{"folds", 1}}), UsageError);
}

}  // namespace
}  // namespace pioneer::core
