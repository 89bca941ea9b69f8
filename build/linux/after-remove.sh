#!/bin/sh
# Removes the MIME package installed by after-install.sh.
if command -v xdg-mime >/dev/null 2>&1; then
  xdg-mime uninstall --mode system hashequiv-inspector-mime.xml 2>/dev/null || true
fi
exit 0
