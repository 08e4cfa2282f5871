// The one declaration of the options of a locked predictive model (FitOptions).
#include "pioneer/models/locked_model.h"

namespace pioneer::models {

const core::OptionTable<FitOptions>& FitOptionTable() {
  using core::OptionSpec;
  static const core::OptionTable<FitOptions> table =
      core::OptionTable<FitOptions>()
          .Add(OptionSpec::Enum("method", {"auto", "logistic", "elasticnet", "xgboost"},
                                "model: auto chooses by nested cross-validation"),
               &FitOptions::method)
          .Add(OptionSpec::Number("alpha", "elastic-net mixing (1: lasso, 0: ridge)")
                   .Range(0, 1)
                   .Metavar("A"),
               &FitOptions::alpha)
          .Add(OptionSpec::Integer("folds", "cross-validation folds").Range(2, 1000).Metavar("K"),
               &FitOptions::folds)
          .Add(OptionSpec::Integer("seed", "seed of the folds, xgboost and the bootstrap")
                   .Range(0, core::kMaxSeed)
                   .Metavar("S"),
               &FitOptions::seed)
          .Add(OptionSpec::Integer("nlambda", "lambdas of the elastic-net path").Range(1, 10000),
               &FitOptions::nlambda)
          .Add(OptionSpec::Integer("outer_folds", "nested CV outer folds for method auto (0: none)")
                   .Range(0, 100)
                   .Metavar("K"),
               &FitOptions::outer_folds)
          .Add(OptionSpec::Integer("bootstrap",
                                   "resamples of Harrell's optimism correction (0: none)")
                   .Range(0, 100000)
                   .Metavar("B"),
               &FitOptions::bootstrap);
  return table;
}

}  // namespace pioneer::models
