#include <gtest/gtest.h>

#include "pioneer/study/layout.h"

namespace pioneer::study {
namespace {

Pseudonymiser::Key KeyOf(unsigned char byte) {
  Pseudonymiser::Key key{};
  key.fill(byte);
  return key;
}

TEST(Pseudonymiser, PseudonymIsPidAnd16HexDigitsAndDependsOnKeyAndInput) {
  const Pseudonymiser a(KeyOf(1));
  const std::string p = a.Pseudonym("SUBJ-001");
  EXPECT_EQ(p.size(), 20u);
  EXPECT_EQ(p.substr(0, 4), "PID-");
  EXPECT_TRUE(Pseudonymiser::IsPseudonym(p));
  EXPECT_EQ(p, a.Pseudonym("SUBJ-001"));
  EXPECT_NE(p, a.Pseudonym("SUBJ-002"));
  EXPECT_NE(p, Pseudonymiser(KeyOf(2)).Pseudonym("SUBJ-001"));
  EXPECT_EQ(p.find("SUBJ"), std::string::npos);
}

// The first 8 bytes of BLAKE2b-128 keyed with 32 x 0x01 of "SUBJ-001",
// computed independently with Python 3.11: hashlib.blake2b(b"SUBJ-001",
// digest_size=16, key=bytes([1] * 32)).hexdigest()[:16].
TEST(Pseudonymiser, MatchesAnIndependentBlake2bComputation) {
  EXPECT_EQ(Pseudonymiser(KeyOf(1)).Pseudonym("SUBJ-001"), "PID-caeb9c02af2d52dc");
}

TEST(Pseudonymiser, ResolveKeepsPseudonymsAndHashesEverythingElse) {
  const Pseudonymiser a(KeyOf(1));
  const std::string p = a.Pseudonym("X");
  EXPECT_EQ(a.Resolve(p), p);
  EXPECT_EQ(a.Resolve("X"), p);
  EXPECT_FALSE(Pseudonymiser::IsPseudonym("PID-0123456789ABCDEF"));  // upper case
  EXPECT_FALSE(Pseudonymiser::IsPseudonym("PID-0123456789abcde"));
  EXPECT_FALSE(Pseudonymiser::IsPseudonym("XID-0123456789abcdef"));
  EXPECT_TRUE(Pseudonymiser::IsPseudonym("PID-0123456789abcdef"));
}

TEST(Pseudonymiser, FingerprintIsEightHexDigitsPerKey) {
  const std::string f = Pseudonymiser(KeyOf(1)).KeyFingerprint();
  EXPECT_EQ(f.size(), 8u);
  EXPECT_EQ(f, Pseudonymiser(KeyOf(1)).KeyFingerprint());
  EXPECT_NE(f, Pseudonymiser(KeyOf(2)).KeyFingerprint());
}

TEST(Pseudonymiser, RandomKeysDiffer) {
  EXPECT_NE(Pseudonymiser::RandomKey(), Pseudonymiser::RandomKey());
}

TEST(Pseudonymiser, SampleIdsHashUnderTheirOwnContext) {
  const Pseudonymiser a(KeyOf(1));
  const std::string p = a.SamplePseudonym("BX000001");
  EXPECT_EQ(p.substr(0, 4), "SMP-");
  EXPECT_TRUE(Pseudonymiser::IsSamplePseudonym(p));
  EXPECT_FALSE(Pseudonymiser::IsPseudonym(p));
  // Not the subject pseudonym of the same text, nor another key's.
  EXPECT_NE(p.substr(4), a.Pseudonym("BX000001").substr(4));
  EXPECT_NE(p, Pseudonymiser(KeyOf(2)).SamplePseudonym("BX000001"));
  EXPECT_EQ(a.ResolveSample(p), p);
  EXPECT_EQ(a.ResolveSample("BX000001"), p);
}

// hashlib.blake2b(b"pioneer sample id v1\x1fBX000001", digest_size=16,
// key=bytes([1] * 32)).hexdigest()[:16], Python 3.11.
TEST(Pseudonymiser, SamplePseudonymMatchesAnIndependentBlake2bComputation) {
  EXPECT_EQ(Pseudonymiser(KeyOf(1)).SamplePseudonym("BX000001"), "SMP-aae15671ccaa4100");
}

}  // namespace
}  // namespace pioneer::study
