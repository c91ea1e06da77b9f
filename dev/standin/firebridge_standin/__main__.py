"""python -m firebridge_standin -p 5000 (from dev/standin; dev/up.sh starts it so)."""
from .server import main

main()
