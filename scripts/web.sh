#!/usr/bin/env bash
# Builds Haven's web assets into build/web, which `haven serve` serves under /assets/ (no CDN):
# the npm packages in web/ (installed from web/package-lock.json when missing or changed), the
# stylesheet compiled with sass from web/haven.scss, the scripts and the images.
#
#   scripts/web.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/web"
if ! command -v npm >/dev/null; then
  echo "web: npm is missing (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
stamp=node_modules/.haven-installed
if [[ ! -f $stamp || package-lock.json -nt $stamp ]]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

out="$root/build/web"
mkdir -p "$out/images"
if ! npx sass --load-path=. --quiet-deps --no-source-map --style=compressed \
    haven.scss "$out/haven.css.tmp" 2>"$out/sass.log"; then
  cat "$out/sass.log" >&2
  exit 1
fi
mv "$out/haven.css.tmp" "$out/haven.css"
cp haven.js "$out/haven.js"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$out/"
cp node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js "$out/"
cp node_modules/jquery/dist/jquery.min.js "$out/"
cp node_modules/govuk-frontend/dist/govuk/assets/images/* \
   node_modules/@ministryofjustice/frontend/moj/assets/images/* "$out/images/"
echo "web: assets in build/web"
