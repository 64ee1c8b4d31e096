#!/bin/sh
# A stand-in for a coding agent CLI (e.g. `claude -p`): tpe gives it one ticket,
# as a file path in $TICKET_FILE and as the file's bytes on stdin, and the
# ticket's fields in TICKET_* variables. It never gets them spliced into its
# command line. A real agent would edit the code; this one reports what it got.
set -eu
title=$(sed -n 's/^title: *//p' | head -n 1)
echo "[$TPE_AGENT_ID] working on $TICKET_ID ($TICKET_PRIORITY, ${TICKET_CATEGORY:-no category}): $title"
echo "ticket file: $TICKET_FILE"
sleep "${AGENT_SECONDS:-0.3}"
echo "Implement $TICKET_ID: $title" >> "${AGENT_LEDGER:-/dev/null}"
echo "done"
