#!/bin/sh
# The swarm benchmark for issue #6; usage and what it measures: the header of swarm_benchmark.py, and README.md here.
exec /usr/bin/python3 "$(dirname "$0")/swarm_benchmark.py" "$@"
