// TMB from VEP/SnpEff-annotated VCF and BCF (htslib): the counts of the MAF
// path on the same variants, bgzipped and BCF copies written by htslib, and
// the ugly inputs.
#include <gtest/gtest.h>
#include <htslib/hts.h>
#include <htslib/vcf.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "fixture_util.h"
#include "pioneer/biomarkers/tmb.h"
#include "pioneer/core/error.h"

namespace pioneer::biomarkers {
namespace {

namespace fs = std::filesystem;
using testing::Fixture;

struct Expected {
  const char* sample;
  std::size_t total, all_variants, filtered;
};

void ExpectRows(const std::vector<TmbRow>& rows, const std::vector<Expected>& expected,
                double capture_mb) {
  ASSERT_EQ(rows.size(), expected.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].sample, expected[i].sample);
    EXPECT_EQ(rows[i].total, expected[i].total) << rows[i].sample;
    EXPECT_EQ(rows[i].all_variants, expected[i].all_variants) << rows[i].sample;
    EXPECT_EQ(rows[i].filtered, expected[i].filtered) << rows[i].sample;
    EXPECT_DOUBLE_EQ(rows[i].per_mb, static_cast<double>(expected[i].total) / capture_mb);
  }
}

fs::path TempDir() {
  const fs::path dir =
      fs::temp_directory_path() / ("pioneer_tmb_vcf_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

// Rewrites a VCF through htslib in another format ("wz": bgzipped VCF, "wb": BCF).
fs::path Convert(const fs::path& in, const fs::path& out, const char* mode) {
  htsFile* src = hts_open(in.c_str(), "r");
  bcf_hdr_t* hdr = bcf_hdr_read(src);
  htsFile* dst = hts_open(out.c_str(), mode);
  EXPECT_EQ(bcf_hdr_write(dst, hdr), 0);
  bcf1_t* rec = bcf_init();
  while (bcf_read(src, hdr, rec) == 0) EXPECT_EQ(bcf_write(dst, hdr, rec), 0);
  bcf_destroy(rec);
  hts_close(dst);
  bcf_hdr_destroy(hdr);
  hts_close(src);
  return out;
}

TmbOptions Capture(double mb) {
  TmbOptions o;
  o.capture_mb = mb;
  return o;
}

TEST(TmbVcf, VepCountsMatchTheMafOfTheSameVariants) {
  const TmbOptions options = Capture(2.0);
  const std::vector<TmbRow> vcf = TmbFromVcfFile(Fixture("tmb_vep.vcf"), options);
  // S1: missense, stop_gained (ALT A of a multi-allelic site), inframe
  // deletion ('-' allele), LowQual missense; the synonymous, the intron
  // ALT C and the non-PICK missense do not count.
  ExpectRows(vcf, {{"S1", 4, 6, 0}, {"S2", 2, 4, 0}}, 2.0);
  const std::vector<TmbRow> maf = TmbFromMafFile(Fixture("tmb_vep_same_variants.maf"), options);
  ExpectRows(maf, {{"S1", 4, 6, 0}, {"S2", 2, 4, 0}}, 2.0);
}

TEST(TmbVcf, FiltersMatchTheMafPath) {
  TmbOptions options = Capture(1.0);
  options.min_vaf = 0.1;
  options.min_depth = 10;
  ExpectRows(TmbFromVcfFile(Fixture("tmb_vep.vcf"), options), {{"S1", 3, 6, 1}, {"S2", 1, 4, 1}},
             1.0);
  ExpectRows(TmbFromMafFile(Fixture("tmb_vep_same_variants.maf"), options),
             {{"S1", 3, 6, 1}, {"S2", 1, 4, 1}}, 1.0);
  options.min_vaf = 0;
  options.min_depth = 21;  // drops S1's 5/10 deletion and 10/20 stop gain; S2's 10/20 missense
  ExpectRows(TmbFromVcfFile(Fixture("tmb_vep.vcf"), options), {{"S1", 2, 6, 2}, {"S2", 1, 4, 1}},
             1.0);
  ExpectRows(TmbFromMafFile(Fixture("tmb_vep_same_variants.maf"), options),
             {{"S1", 2, 6, 2}, {"S2", 1, 4, 1}}, 1.0);
}

TEST(TmbVcf, PassOnly) {
  TmbOptions options = Capture(1.0);
  options.pass_only = true;
  ExpectRows(TmbFromVcfFile(Fixture("tmb_vep.vcf"), options), {{"S1", 3, 5, 0}, {"S2", 1, 3, 0}},
             1.0);
}

TEST(TmbVcf, SnpEffAnn) {
  // missense + stop_gained&splice_region_variant count; synonymous and the
  // 0/0 sample's missense do not.
  ExpectRows(TmbFromVcfFile(Fixture("tmb_snpeff.vcf"), Capture(1.0)), {{"TUMOR", 2, 3, 0}}, 1.0);
}

TEST(TmbVcf, BgzippedAndBcfGiveTheSameCounts) {
  const fs::path dir = TempDir();
  for (const char* mode : {"wz", "wb"}) {
    const fs::path out =
        Convert(Fixture("tmb_vep.vcf"),
                dir / (std::string("tmb.") + (mode[1] == 'z' ? "vcf.gz" : "bcf")), mode);
    ExpectRows(TmbFromVcfFile(out, Capture(2.0)), {{"S1", 4, 6, 0}, {"S2", 2, 4, 0}}, 2.0);
  }
  fs::remove_all(dir);
}

TEST(TmbVcf, ConsequenceClasses) {
  EXPECT_EQ(MafClassOfConsequence("missense_variant"), "Missense_Mutation");
  EXPECT_EQ(MafClassOfConsequence("stop_gained"), "Nonsense_Mutation");
  EXPECT_EQ(MafClassOfConsequence("splice_donor_variant"), "Splice_Site");
  EXPECT_EQ(MafClassOfConsequence("start_lost"), "Translation_Start_Site");
  EXPECT_EQ(MafClassOfConsequence("synonymous_variant"), "");
  EXPECT_EQ(MafClassOfConsequence("splice_region_variant"), "");
  EXPECT_EQ(MafClassOfConsequence("5_prime_UTR_variant"), "");
}

std::string Write(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
  return path.string();
}

const char* kHeader =
    "##fileformat=VCFv4.2\n##contig=<ID=chr1,length=1000>\n"
    "##INFO=<ID=CSQ,Number=.,Type=String,Description=\"Consequence annotations from Ensembl VEP. "
    "Format: "
    "Allele|Consequence\">\n##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
    "##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"Allelic depths\">\n"
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\n";

std::string ErrorOf(const std::string& path, const TmbOptions& options) {
  try {
    TmbFromVcfFile(path, options);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(TmbVcf, BadInputs) {
  const fs::path dir = TempDir();
  const TmbOptions options = Capture(1.0);
  // No annotation in the header.
  const std::string bare = Write(dir / "bare.vcf",
                                 "##fileformat=VCFv4.2\n##contig=<ID=chr1,length=1000>\n"
                                 "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
  EXPECT_NE(ErrorOf(bare, options).find("no VEP CSQ or SnpEff ANN"), std::string::npos)
      << ErrorOf(bare, options);
  // A record htslib cannot parse: file:line.
  const std::string broken = Write(
      dir / "broken.vcf", std::string(kHeader) +
                              "chr1\t10\t.\tA\tG\t.\tPASS\tCSQ=G|missense_variant\tGT\t0/1\n"
                              "chr1\tten\t.\tA\tG\t.\tPASS\tCSQ=G|missense_variant\tGT\t0/1\n");
  EXPECT_NE(ErrorOf(broken, options).find("broken.vcf:8"), std::string::npos)
      << ErrorOf(broken, options);
  const std::string short_line =
      Write(dir / "short.vcf", std::string(kHeader) + "chr1\t10\t.\tA\n");
  EXPECT_NE(ErrorOf(short_line, options).find("short.vcf:7"), std::string::npos)
      << ErrorOf(short_line, options);
  const std::string contig =
      Write(dir / "contig.vcf",
            std::string(kHeader) + "chrZ\t10\t.\tA\tG\t.\tPASS\tCSQ=G|missense_variant\tGT\t0/1\n");
  EXPECT_NE(ErrorOf(contig, options), "no error");
  // An annotation allele that is none of the ALT alleles.
  const std::string allele = Write(
      dir / "allele.vcf",
      std::string(kHeader) + "chr1\t10\t.\tA\tG,T\t.\tPASS\tCSQ=C|missense_variant\tGT\t0/1\n");
  EXPECT_NE(ErrorOf(allele, options).find("allele.vcf:7"), std::string::npos)
      << ErrorOf(allele, options);
  EXPECT_NE(ErrorOf(allele, options).find("chr1:10"), std::string::npos);
  // Filters without AD.
  TmbOptions vaf = options;
  vaf.min_vaf = 0.05;
  const std::string no_ad =
      Write(dir / "no_ad.vcf",
            std::string(kHeader) + "chr1\t10\t.\tA\tG\t.\tPASS\tCSQ=G|missense_variant\tGT\t0/1\n");
  EXPECT_NE(ErrorOf(no_ad, vaf).find("need FORMAT AD"), std::string::npos) << ErrorOf(no_ad, vaf);
  // Not a VCF at all.
  const std::string text = Write(dir / "text.vcf", "hello\tworld\n");
  EXPECT_NE(ErrorOf(text, options), "no error");
  EXPECT_NE(ErrorOf((dir / "missing.vcf").string(), options).find("cannot open"),
            std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace pioneer::biomarkers
