// File: src/stats/contingency_enumeration.h (private to pioneer::stats)
// Fisher's exact test for r x c tables by complete enumeration of the tables
// with the observed margins.
#pragma once

#include <cstdint>
#include <vector>

#include "pioneer/stats/contingency.h"

namespace pioneer::stats::internal {

// p = sum of the probabilities of all tables with the observed margins that
// are no more likely than the observed table (relative tolerance 1e-7, as
// fisher.test), under the multivariate hypergeometric null.
FisherResult FisherRxC(const CountTable& table, const std::vector<std::int64_t>& rows,
                       const std::vector<std::int64_t>& cols, std::int64_t max_tables);

}  // namespace pioneer::stats::internal
