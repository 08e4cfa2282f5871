# Sourced by the CLI tests that import studies: the binary as an absolute
# path, the repo root as the working folder, a scratch folder removed on exit,
# and the fixture key as an owner-only copy (a key must be 0600; git checks
# the fixture out 0644).
#   source "$(dirname "$0")/setup.sh" "$1"
pioneer=$(realpath "$1")
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
fixtures=tests/fixtures/import
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
install -m 600 "$fixtures/test.key" "$work/test.key"
export PIONEER_KEY_FILE=$work/test.key
