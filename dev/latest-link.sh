#!/usr/bin/env bash
# Prints the newest sign-in link the Auth emulator "sent" to EMAIL (any address if omitted).
source "$(dirname "$0")/lib.sh"
email=${1:-}
curl -sf "$AUTH_URL/emulator/v1/projects/$FIREBASE_PROJECT/oobCodes" | python3 -c '
import json, sys
email = sys.argv[1]
codes = [c for c in json.load(sys.stdin)["oobCodes"] if not email or c["email"] == email]
print(codes[-1]["oobLink"] if codes else "no sign-in link has been sent" + (" to " + email if email else ""))
' "$email"
