#!/usr/bin/env bash
# Installs R and the packages that produce the reference fixtures
# (tests/reference/*.R). Only `make reference` needs them; `make test` does not.
set -euo pipefail
# r-cran-jsonlite: fixtures are written as JSON; r-cran-boot: BCa reference (boot.ci);
# nlme/lme4: in-vivo mixed models; glmnet/pROC/maxstat/cutpointr: models and
# diagnostics; GSVA/limma (Bioconductor): biomarkers; python3-numpy: the
# independent FCS reader of the cytometry fixtures; python3-statsmodels: the
# survival benchmark's second reference (bench/survival.sh); r-cran-igraph: FlowSOM's
# minimum spanning tree of the SOM (cytometry_tree.R); r-cran-rpact: log-rank sample sizes and
# group-sequential designs (design.R).
packages=(r-base-core r-cran-survival r-cran-jsonlite r-cran-boot
  r-cran-nlme r-cran-lme4 r-cran-glmnet r-cran-proc r-cran-maxstat r-cran-cutpointr
  r-bioc-gsva r-bioc-limma python3-numpy python3-statsmodels r-cran-igraph r-cran-rpact)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
