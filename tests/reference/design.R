# Reference fixtures for pioneer's trial designs (src/design): log-rank
# sample sizes and group-sequential boundaries from rpact (Debian
# r-cran-rpact). Run from the repository root:
#   Rscript tests/reference/design.R
# Writes tests/fixtures/design/rpact.json: the rpact and R versions, and for
# every case the exact call and rpact's values (full double precision).
suppressPackageStartupMessages({ library(rpact); library(jsonlite) })
outdir <- "tests/fixtures/design"
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)

# ---- log-rank sample size: fixed design, two-sided alpha ----
logrank_case <- function(hr, alpha, power, allocation, method, accrual, follow_up, median2,
                         dropout) {
  call <- sprintf(paste0("getSampleSizeSurvival(alpha = %s, sided = 2, beta = %s, hazardRatio = %s, ",
                         "median2 = %s, allocationRatioPlanned = %s, typeOfComputation = \"%s\", ",
                         "accrualTime = c(0, %s), followUpTime = %s, dropoutRate1 = %s, ",
                         "dropoutRate2 = %s, dropoutTime = 12)"),
                  alpha, 1 - power, hr, median2, allocation, method, accrual, follow_up, dropout,
                  dropout)
  s <- eval(parse(text = call))
  list(call = call, hazard_ratio = hr, alpha = alpha, power = power, allocation = allocation,
       method = tolower(method), accrual = accrual, follow_up = follow_up,
       median_control = median2, dropout = dropout,
       events = s$eventsFixed, n_total = s$maxNumberOfSubjects,
       n_experimental = s$nFixed1, n_control = s$nFixed2)
}
grid <- expand.grid(hr = c(0.6, 0.7, 0.75), allocation = c(1, 2, 0.5),
                    method = c("Schoenfeld", "Freedman"), stringsAsFactors = FALSE)
logrank <- list()
for (i in seq_len(nrow(grid))) {
  g <- grid[i, ]
  dropout <- c(0, 0.05, 0.1)[(i %% 3) + 1]
  power <- c(0.8, 0.9)[(i %% 2) + 1]
  logrank[[length(logrank) + 1]] <- logrank_case(g$hr, 0.05, power, g$allocation, g$method,
                                                 24, 12, c(12, 18, 9)[(i %% 3) + 1], dropout)
}

# ---- group-sequential designs: one-sided, efficacy bounds by alpha spending ----
gs_case <- function(rates, type, gamma, alpha, power, hr) {
  call <- sprintf(paste0("getDesignGroupSequential(kMax = %d, alpha = %s, beta = %s, sided = 1, ",
                         "informationRates = c(%s), typeOfDesign = \"%s\"%s)"),
                  length(rates), alpha, 1 - power, paste(rates, collapse = ", "), type,
                  if (type == "asHSD") sprintf(", gammaA = %s", gamma) else "")
  d <- eval(parse(text = call))
  ch <- getDesignCharacteristics(d)
  size_call <- sprintf("getSampleSizeSurvival(design, hazardRatio = %s, allocationRatioPlanned = 1)", hr)
  s <- getSampleSizeSurvival(d, hazardRatio = hr, allocationRatioPlanned = 1)
  list(call = call, size_call = size_call, looks = rates,
       spending = c(asOF = "obf", asP = "pocock", asHSD = "hsd")[[type]],
       gamma = gamma, alpha = alpha, power = power, hazard_ratio = hr,
       critical_values = d$criticalValues, alpha_spent = d$alphaSpent,
       stage_levels = d$stageLevels, inflation_factor = ch$inflationFactor,
       max_events = s$maxNumberOfEvents, expected_events_h1 = s$expectedEventsH1,
       expected_events_h0 = s$expectedEventsH0, fixed_events = s$eventsFixed)
}
gs <- list()
looks <- list(c(0.5, 1), c(1 / 3, 2 / 3, 1), c(0.25, 0.5, 0.75, 1), c(0.4, 0.7, 1))
k <- 0
for (type in c("asOF", "asP", "asHSD")) {
  for (rates in looks) {
    k <- k + 1
    gs[[length(gs) + 1]] <- gs_case(rates, type, c(-4, -2, 1)[(k %% 3) + 1], 0.025,
                                    c(0.8, 0.9)[(k %% 2) + 1], c(0.7, 0.75)[(k %% 2) + 1])
  }
}

out <- list(source = "rpact getSampleSizeSurvival / getDesignGroupSequential / getDesignCharacteristics",
            rpact_version = as.character(packageVersion("rpact")), r_version = R.version.string,
            tolerance = "relative 1e-9 for logrank (closed form); 1e-6 absolute for gs (numerical integration)",
            logrank = logrank, gs = gs)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE),
           file.path(outdir, "rpact.json"))
