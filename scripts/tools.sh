# Shared by scripts/serve, scripts/build-dist and scripts/test: installs what is missing.
# Everything comes from package registries (crates.io, npm, Debian) and is built locally;
# nothing downloads a prebuilt binary. Source this file; it changes directory to the repo.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130

say() { printf '\n==> %s\n' "$*"; }

# rustup fetches the target's standard library from the Rust project's distribution
# server; on our machines (and CI's) that works, as the developers' guide records.
ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
    say "installing trunk $TRUNK_VERSION from crates.io (about 13 minutes on 2 cores)"
    cargo install --locked trunk --version "$TRUNK_VERSION"
  fi
}

ensure_wasm_bindgen() {
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io"
    # Not --locked: the CLI's own lock file pins crates that no longer build with our rustc.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
}

ensure_npm_packages() {
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
     || [ ! -f node_modules/axe-core/axe.min.js ]; then
    say "installing the pinned npm packages (binaryen, playwright-core, axe-core)"
    npm ci --no-audit --no-fund
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ] || ! command -v chromedriver >/dev/null; then
    say "installing Debian's chromium and chromium-driver"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends \
      chromium chromium-driver
  fi
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_npm_packages
  ensure_trunk
}

# Builds the size-optimised static site into dist/ (or $1).
build_dist() {
  local dist="${1:-dist}"
  say "building the workbook into $dist/"
  trunk build --release --offline --dist "$dist"
}
