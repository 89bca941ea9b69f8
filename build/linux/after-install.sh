#!/bin/sh
# Registers the MIME types for .siginfo/.sigdata.*/hashserv.db; failures must not break the install.
set -e
# Forge's extraResource (forge.config.ts) puts the MIME package directly in resources/.
MIME_XML="/opt/Hash Equivalence Inspector/resources/hashequiv-inspector-mime.xml"
if command -v xdg-mime >/dev/null 2>&1 && [ -f "$MIME_XML" ]; then
  xdg-mime install --mode system --novendor "$MIME_XML" || true
fi
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q /usr/share/applications || true
fi
exit 0
