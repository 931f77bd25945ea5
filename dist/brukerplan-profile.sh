# brukerplan-tui talks to the municipality's server when it runs (set by `make install`).
if [ -S /run/brukerplan/brukerplan.sock ]; then
  export BRUKERPLAN_SERVER=/run/brukerplan/brukerplan.sock
fi
