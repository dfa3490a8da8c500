#!/usr/bin/env bash
# Debian packages the test suite needs: chromium for the browser tests, Noto CJK fonts so that
# Chinese renders in screenshots and PDFs, gettext for `make messages`, Pango for WeasyPrint (the
# printable notices). `make demo` needs none of them except Pango, and only to print a notice.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Read the whole list before searching it: `fc-list | grep -q` under pipefail fails whenever grep
# stops reading at the first match and fc-list dies of SIGPIPE, so the fonts looked missing
# (and two `make test` running side by side then raced for apt's lock).
fonts=$(fc-list : family 2>/dev/null || true)
grep -q "Noto Sans CJK" <<<"$fonts" || missing+=(fonts-noto-cjk)
command -v msgfmt >/dev/null || missing+=(gettext)
for lib in libpango-1.0-0 libpangoft2-1.0-0; do
  status=$(dpkg-query -W -f='${Status}' "$lib" 2>/dev/null || true)
  [[ "$status" == *"ok installed"* ]] || missing+=("$lib")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
